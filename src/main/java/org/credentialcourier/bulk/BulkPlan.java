package org.credentialcourier.bulk;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.credentialcourier.contact.Contact;

/**
 * What a bulk request will do, item by item, before anything is written: a dry run shows it, a real run records it
 * and hands the queued items to process {@code bulk-invitation}. {@code newContacts} are the contacts an import creates.
 */
public record BulkPlan(BulkAction action, BulkSource source, List<BulkItem> items, List<Contact> newContacts,
                       List<BulkWarning> warnings) {

    /** A plan before the pre-send checks: no warnings yet. */
    public BulkPlan(BulkAction action, BulkSource source, List<BulkItem> items, List<Contact> newContacts) {
        this(action, source, items, newContacts, List.of());
    }

    public long count(BulkOutcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }

    /** How many items are skipped for each reason, in the reasons' order: the dry run's "already active: 120". */
    public Map<SkipReason, Long> skippedByReason() {
        Map<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
        items.stream().filter(item -> item.outcome() == BulkOutcome.SKIPPED)
                .forEach(item -> counts.merge(item.reason(), 1L, Long::sum));
        return counts;
    }

    /**
     * What a dry run shows: the rows, the contacts it would create, the items it would carry out (queued, or done
     * already as an import's new contacts are) and the skipped ones, the first {@code listed} of them in full. Built
     * here once, for the API, the bulk page and the invitations page alike.
     */
    public Summary summary(int listed) {
        int wouldDo = (int) (count(BulkOutcome.QUEUED) + count(BulkOutcome.DONE));
        List<BulkItem> skipped = items.stream().filter(item -> item.outcome() == BulkOutcome.SKIPPED).limit(listed)
                .toList();
        return new Summary(action, items.size(), newContacts.size(), wouldDo, (int) count(BulkOutcome.SKIPPED),
                skipped, warnings.stream().limit(listed).toList(), warnings.size());
    }

    /**
     * A dry run's counts and its first skipped items; {@code created}: the contacts an import would create;
     * {@code warnings}: the first warnings of the pre-send checks about items it would carry out, of {@code warned}.
     */
    public record Summary(BulkAction action, int total, int created, int wouldDo, int skipped,
                          List<BulkItem> skippedItems, List<BulkWarning> warnings, int warned) {

        /** A summary without warnings. */
        public Summary(BulkAction action, int total, int created, int wouldDo, int skipped,
                       List<BulkItem> skippedItems) {
            this(action, total, created, wouldDo, skipped, skippedItems, List.of(), 0);
        }

        public boolean moreSkipped() {
            return skipped > skippedItems.size();
        }
    }
}
