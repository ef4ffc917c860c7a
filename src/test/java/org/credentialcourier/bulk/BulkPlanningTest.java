package org.credentialcourier.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.List;

import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.delivery.PreSendChecks;
import org.junit.jupiter.api.Test;

/** The planning of a bulk run, item by item, without a database, an engine or Spring: each rule in milliseconds. */
class BulkPlanningTest {

    private static final Instant NOW = Instant.parse("2026-01-05T09:00:00Z");

    private static ContactState contact(String id, String email, AccountStatus account) {
        return new ContactState(id, email, account.name(), null, null);
    }

    private static ContactState invited(String id, String email, String invitationId, String status) {
        return new ContactState(id, email, AccountStatus.INVITED.name(), invitationId, status);
    }

    private static InvitationState invitation(String id, String status, boolean otherOpen, AccountStatus account) {
        return new InvitationState(id, "c-" + id, id + "@example.org", status, account.name(), otherOpen);
    }

    @Test
    void invitesContactsWithoutAnOpenInvitationOrActiveAccount() {
        BulkPlan plan = BulkPlanning.invitations(BulkSource.CONTACT_IDS, List.of("a", "b", "c", "a", "x"), List.of(
                contact("a", "a@example.org", AccountStatus.NONE),
                invited("b", "b@example.org", "i-b", "PENDING"),
                contact("c", "c@example.org", AccountStatus.ACTIVE)));

        assertThat(plan.action()).isEqualTo(BulkAction.INVITE);
        assertThat(plan.source()).isEqualTo(BulkSource.CONTACT_IDS);
        assertThat(plan.newContacts()).isEmpty();
        assertThat(plan.items()).extracting(BulkItem::seq, BulkItem::contactId, BulkItem::invitationId,
                        BulkItem::label, BulkItem::outcome, BulkItem::reason)
                .containsExactly(
                        tuple(1, "a", null, "a@example.org", BulkOutcome.QUEUED, null),
                        tuple(2, "b", "i-b", "b@example.org", BulkOutcome.SKIPPED, SkipReason.ALREADY_PENDING),
                        tuple(3, "c", null, "c@example.org", BulkOutcome.SKIPPED, SkipReason.ALREADY_ACTIVE),
                        tuple(4, "a", null, "a@example.org", BulkOutcome.SKIPPED, SkipReason.DUPLICATE),
                        tuple(5, null, null, "x", BulkOutcome.SKIPPED, SkipReason.UNKNOWN_CONTACT));
        assertThat(plan.items().get(1).detail()).isEqualTo("The contact has an open invitation already (pending)");
        assertThat(plan.items().get(3).field()).isEqualTo("contactIds");
    }

    @Test
    void resendAndCancelForContactsActOnEachOnesLatestInvitation() {
        List<ContactState> known = List.of(contact("c-e", "e@example.org", AccountStatus.NONE),
                invited("c-p", "p@example.org", "p", "PENDING"), contact("c-n", "n@example.org", AccountStatus.NONE));
        List<InvitationState> latest = List.of(invitation("e", "EXPIRED", false, AccountStatus.NONE),
                invitation("p", "PENDING", false, AccountStatus.INVITED));

        BulkPlan resend = BulkPlanning.contactInvitationAction(BulkAction.RESEND, BulkSource.FILTER,
                List.of("c-e", "c-n", "c-x", "c-e"), known, latest);
        assertThat(resend.items()).extracting(BulkItem::seq, BulkItem::contactId, BulkItem::invitationId,
                        BulkItem::outcome, BulkItem::reason)
                .containsExactly(
                        tuple(1, "c-e", "e", BulkOutcome.QUEUED, null),
                        tuple(2, "c-n", null, BulkOutcome.SKIPPED, SkipReason.NO_INVITATION),
                        tuple(3, null, null, BulkOutcome.SKIPPED, SkipReason.UNKNOWN_CONTACT),
                        tuple(4, "c-e", null, BulkOutcome.SKIPPED, SkipReason.DUPLICATE));
        assertThat(resend.skippedByReason()).containsExactly(java.util.Map.entry(SkipReason.DUPLICATE, 1L),
                java.util.Map.entry(SkipReason.UNKNOWN_CONTACT, 1L), java.util.Map.entry(SkipReason.NO_INVITATION, 1L));

        BulkPlan cancel = BulkPlanning.contactInvitationAction(BulkAction.CANCEL, BulkSource.CONTACT_IDS,
                List.of("c-p", "c-e"), known, latest);
        assertThat(cancel.items()).extracting(BulkItem::invitationId, BulkItem::outcome, BulkItem::reason)
                .containsExactly(tuple("p", BulkOutcome.QUEUED, null),
                        tuple("e", BulkOutcome.SKIPPED, SkipReason.NOT_CANCELLABLE));
    }

    @Test
    void resetLinksGoToActiveAccountsOnly() {
        BulkPlan plan = BulkPlanning.resetLinks(BulkSource.CONTACT_IDS, List.of("a", "n", "i"), List.of(
                contact("a", "a@example.org", AccountStatus.ACTIVE), contact("n", "n@example.org", AccountStatus.NONE),
                invited("i", "i@example.org", "i-i", "PENDING")));

        assertThat(plan.action()).isEqualTo(BulkAction.RESET_LINK);
        assertThat(plan.items()).extracting(BulkItem::contactId, BulkItem::outcome, BulkItem::reason)
                .containsExactly(tuple("a", BulkOutcome.QUEUED, null),
                        tuple("n", BulkOutcome.SKIPPED, SkipReason.NO_ACCOUNT),
                        tuple("i", BulkOutcome.SKIPPED, SkipReason.NO_ACCOUNT));
        assertThat(plan.items().get(2).detail())
                .isEqualTo("The contact has no active account: a reset link needs one (invited)");
        assertThat(BulkAction.RESET_LINK.code()).isEqualTo("reset-link");
    }

    @Test
    void importCreatesNewContactsRecognisesExistingOnesAndSkipsBadRows() {
        ContactRows.Parsed parsed = ContactRows.fromCsv("""
                email,firstName,lastName
                new@example.org,Ada,Lovelace
                Known@Example.org,Known,Contact
                not-an-address,Bad,Row
                NEW@example.org,Ada,Again
                """, 100);

        BulkPlan plan = BulkPlanning.imports(parsed, false, BulkSource.CSV,
                List.of(contact("k", "known@example.org", AccountStatus.NONE)), NOW);

        assertThat(plan.action()).isEqualTo(BulkAction.IMPORT);
        assertThat(plan.items()).extracting(BulkItem::seq, BulkItem::sourceRow, BulkItem::outcome, BulkItem::reason,
                        BulkItem::contactCreated)
                .containsExactly(
                        tuple(1, 2, BulkOutcome.DONE, null, true),
                        tuple(2, 3, BulkOutcome.SKIPPED, SkipReason.CONTACT_EXISTS, false),
                        tuple(3, 4, BulkOutcome.SKIPPED, SkipReason.INVALID_ROW, false),
                        tuple(4, 5, BulkOutcome.SKIPPED, SkipReason.DUPLICATE, false));
        assertThat(plan.items().get(3).detail()).isEqualTo("Row 5: the same address as row 2");
        assertThat(plan.newContacts()).singleElement().satisfies(created -> {
            assertThat(created.email()).isEqualTo("new@example.org");
            assertThat(created.accountStatus()).isEqualTo(AccountStatus.NONE);
            assertThat(created.createdAt()).isEqualTo(NOW);
            assertThat(plan.items().get(0).contactId()).isEqualTo(created.id());
        });
    }

    @Test
    void importWithInvitationsQueuesNewAndEligibleContactsAndNeedsNamesForUnknownAddresses() {
        ContactRows.Parsed parsed = ContactRows.fromPaste("""
                new@example.org,Ada,Lovelace
                known@example.org
                active@example.org
                stranger@example.org
                """, 100);

        BulkPlan plan = BulkPlanning.imports(parsed, true, BulkSource.PASTE, List.of(
                contact("k", "known@example.org", AccountStatus.NONE),
                contact("act", "active@example.org", AccountStatus.ACTIVE)), NOW);

        assertThat(plan.action()).isEqualTo(BulkAction.INVITE);
        assertThat(plan.items()).extracting(BulkItem::contactId, BulkItem::outcome, BulkItem::reason)
                .containsExactly(
                        tuple(plan.newContacts().get(0).id(), BulkOutcome.QUEUED, null),
                        tuple("k", BulkOutcome.QUEUED, null),
                        tuple("act", BulkOutcome.SKIPPED, SkipReason.ALREADY_ACTIVE),
                        tuple(null, BulkOutcome.SKIPPED, SkipReason.UNKNOWN_CONTACT));
        assertThat(plan.summary(10).wouldDo()).isEqualTo(2);
    }

    @Test
    void resendTakesOpenInvitationsAndExpiredOnesWithNothingNewerInTheWay() {
        BulkPlan plan = BulkPlanning.invitationAction(BulkAction.RESEND, BulkSource.INVITATION_IDS,
                List.of("open", "expired", "newer", "active", "cancelled", "gone", "open"), List.of(
                        invitation("open", "FAILED", false, AccountStatus.INVITED),
                        invitation("expired", "EXPIRED", false, AccountStatus.INVITED),
                        invitation("newer", "EXPIRED", true, AccountStatus.INVITED),
                        invitation("active", "EXPIRED", false, AccountStatus.ACTIVE),
                        invitation("cancelled", "CANCELLED", false, AccountStatus.NONE)));

        assertThat(plan.items()).extracting(BulkItem::invitationId, BulkItem::outcome, BulkItem::reason)
                .containsExactly(
                        tuple("open", BulkOutcome.QUEUED, null),
                        tuple("expired", BulkOutcome.QUEUED, null),
                        tuple("newer", BulkOutcome.SKIPPED, SkipReason.NEWER_INVITATION),
                        tuple("active", BulkOutcome.SKIPPED, SkipReason.ALREADY_ACTIVE),
                        tuple("cancelled", BulkOutcome.SKIPPED, SkipReason.NOT_RESENDABLE),
                        tuple(null, BulkOutcome.SKIPPED, SkipReason.UNKNOWN_INVITATION),
                        tuple("open", BulkOutcome.SKIPPED, SkipReason.DUPLICATE));
        assertThat(plan.items().get(4).detail()).isEqualTo("The invitation cannot be resent in its state (cancelled)");
    }

    @Test
    void cancelTakesOpenInvitationsOnly() {
        BulkPlan plan = BulkPlanning.invitationAction(BulkAction.CANCEL, BulkSource.STATUS,
                List.of("pending", "failed", "expired"), List.of(
                        invitation("pending", "PENDING", false, AccountStatus.INVITED),
                        invitation("failed", "FAILED", false, AccountStatus.INVITED),
                        invitation("expired", "EXPIRED", false, AccountStatus.INVITED)));

        assertThat(plan.action()).isEqualTo(BulkAction.CANCEL);
        assertThat(plan.items()).extracting(BulkItem::outcome, BulkItem::reason).containsExactly(
                tuple(BulkOutcome.QUEUED, null),
                tuple(BulkOutcome.QUEUED, null),
                tuple(BulkOutcome.SKIPPED, SkipReason.NOT_CANCELLABLE));
    }

    @Test
    void preSendErrorsSkipTheirItemsAndWarningsAreListed() {
        ContactRows.Parsed parsed = ContactRows.fromCsv("email,firstName,lastName\n"
                + "ok@example.org,A,B\nnull@nullmx.example,C,D\nnone@nowhere.example,E,F\n"
                + "typo@gmial.com,G,H\n", 100);
        BulkPlan imported = BulkPlanning.imports(parsed, true, BulkSource.CSV, List.of(), NOW);
        BulkPlan checked = BulkPlanning.checked(imported, email -> switch (email.substring(0, email.indexOf('@'))) {
            case "null" -> result(email, PreSendChecks.Severity.ERROR, PreSendChecks.NULL_MX, null);
            case "none" -> result(email, PreSendChecks.Severity.ERROR, PreSendChecks.NO_MAIL_DOMAIN, null);
            case "typo" -> result(email, PreSendChecks.Severity.WARNING, PreSendChecks.LIKELY_TYPO, "typo@gmail.com");
            default -> new PreSendChecks.Result(email, List.of());
        });

        assertThat(checked.items()).extracting(BulkItem::sourceRow, BulkItem::outcome, BulkItem::reason,
                        BulkItem::contactId)
                .containsExactly(
                        tuple(2, BulkOutcome.QUEUED, null, imported.items().get(0).contactId()),
                        tuple(3, BulkOutcome.SKIPPED, SkipReason.NULL_MX, null),
                        tuple(4, BulkOutcome.SKIPPED, SkipReason.NO_MAIL_DOMAIN, null),
                        tuple(5, BulkOutcome.QUEUED, null, imported.items().get(3).contactId()));
        assertThat(checked.newContacts()).extracting(c -> c.email())
                .containsExactly("ok@example.org", "typo@gmail.com".replace("gmail", "gmial"));
        assertThat(checked.warnings()).singleElement().satisfies(w -> {
            assertThat(w.row()).isEqualTo(5);
            assertThat(w.suggestion()).isEqualTo("typo@gmail.com");
        });
        assertThat(checked.summary(10).warned()).isEqualTo(1);
        assertThat(checked.skippedByReason()).containsOnlyKeys(SkipReason.NULL_MX, SkipReason.NO_MAIL_DOMAIN);
    }

    @Test
    void anImportWithoutInvitationsAndACancelAreNotChecked() {
        ContactRows.Parsed parsed = ContactRows.fromCsv("email,firstName,lastName\nx@nullmx.example,A,B\n", 100);
        BulkPlan imported = BulkPlanning.imports(parsed, false, BulkSource.CSV, List.of(), NOW);
        assertThat(BulkPlanning.checked(imported, email -> {
            throw new AssertionError("checked " + email);
        })).isSameAs(imported);
        assertThat(SkipReason.ofPreSendCheck(PreSendChecks.INVALID_ADDRESS)).isEqualTo(SkipReason.INVALID_ADDRESS);
        assertThat(SkipReason.ofPreSendCheck(PreSendChecks.SUPPRESSED).code()).isEqualTo("suppressed");
        assertThat(SkipReason.ofPreSendCheck(PreSendChecks.LIKELY_TYPO)).isNull();
    }

    private static PreSendChecks.Result result(String email, PreSendChecks.Severity severity, String code,
                                               String suggestion) {
        return new PreSendChecks.Result(email, List.of(new PreSendChecks.Finding(severity, code, code, suggestion)));
    }
}
