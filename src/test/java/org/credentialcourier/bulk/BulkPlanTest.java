package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.junit.jupiter.api.Test;

/** What a bulk request will do, counted and summarised for the dry run, without a database. */
class BulkPlanTest {

    private static final BulkItem QUEUED_1 = BulkItem.queued(1, 2, "c1", null, "ada@example.org", true);
    private static final BulkItem SKIPPED_2 = BulkItem.skipped(2, 3, null, null, "nobody", SkipReason.INVALID_ROW,
            "email", "must be a well-formed email address", false);
    private static final BulkItem DONE_3 = BulkItem.done(3, 4, "c3", "bob@example.org", true);
    private static final BulkItem SKIPPED_4 = BulkItem.skipped(4, 5, "c1", null, "ada@example.org",
            SkipReason.DUPLICATE, null, null, false);
    private static final BulkItem QUEUED_5 = BulkItem.queued(5, 6, "c5", null, "cy@example.org", false);
    private static final BulkItem SKIPPED_6 = BulkItem.skipped(6, 7, "c6", null, "dee@example.org",
            SkipReason.ALREADY_ACTIVE, null, null, false);

    private static final Contact ADA = contact("c1", "ada@example.org");
    private static final Contact BOB = contact("c3", "bob@example.org");

    private final BulkPlan plan = new BulkPlan(BulkAction.INVITE, BulkSource.CSV,
            List.of(QUEUED_1, SKIPPED_2, DONE_3, SKIPPED_4, QUEUED_5, SKIPPED_6), List.of(ADA, BOB));

    @Test
    void itemsAreCountedByOutcome() {
        assertThat(plan.count(BulkOutcome.QUEUED)).isEqualTo(2);
        assertThat(plan.count(BulkOutcome.DONE)).isEqualTo(1);
        assertThat(plan.count(BulkOutcome.SKIPPED)).isEqualTo(3);
    }

    @Test
    void theDryRunWouldDoTheQueuedAndTheDoneItemsAndListsTheFirstSkippedInOrder() {
        BulkPlan.Summary summary = plan.summary(2);
        assertThat(summary.action()).isEqualTo(BulkAction.INVITE);
        assertThat(summary.total()).isEqualTo(6);
        assertThat(summary.created()).isEqualTo(2);
        assertThat(summary.wouldDo()).isEqualTo(3);
        assertThat(summary.skipped()).isEqualTo(3);
        assertThat(summary.skippedItems()).containsExactly(SKIPPED_2, SKIPPED_4);
        assertThat(summary.moreSkipped()).isTrue();
    }

    @Test
    void allSkippedItemsListedMeansNoMore() {
        BulkPlan.Summary summary = plan.summary(3);
        assertThat(summary.skippedItems()).containsExactly(SKIPPED_2, SKIPPED_4, SKIPPED_6);
        assertThat(summary.moreSkipped()).isFalse();
        assertThat(plan.summary(50).moreSkipped()).isFalse();
        assertThat(plan.summary(0).skippedItems()).isEmpty();
        assertThat(plan.summary(0).moreSkipped()).isTrue();
    }

    @Test
    void anEmptyPlanWouldDoNothing() {
        BulkPlan.Summary summary = new BulkPlan(BulkAction.CANCEL, BulkSource.STATUS, List.of(), List.of()).summary(10);
        assertThat(summary).isEqualTo(new BulkPlan.Summary(BulkAction.CANCEL, 0, 0, 0, 0, List.of()));
        assertThat(summary.moreSkipped()).isFalse();
    }

    @Test
    void aSkippedItemWithoutDetailIsDescribedByItsReason() {
        assertThat(SKIPPED_4.detail()).isEqualTo(SkipReason.DUPLICATE.description());
        assertThat(SKIPPED_2.detail()).isEqualTo("must be a well-formed email address");
        assertThat(QUEUED_1.reason()).isNull();
        assertThat(DONE_3.invitationId()).isNull();
        assertThat(DONE_3.outcome()).isEqualTo(BulkOutcome.DONE);
    }

    private static Contact contact(String id, String email) {
        return new Contact(id, email, "First", "Last", "en", AccountStatus.NONE, Instant.EPOCH, Instant.EPOCH);
    }
}
