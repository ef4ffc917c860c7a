package org.credentialcourier.bulk;

import java.util.List;

import org.credentialcourier.contact.Contact;

/**
 * What a bulk request will do, item by item, before anything is written: a dry run shows it, a real run records it
 * and hands the queued items to process {@code bulk-invitation}. {@code newContacts} are the contacts an import creates.
 */
public record BulkPlan(BulkAction action, BulkSource source, List<BulkItem> items, List<Contact> newContacts) {

    public long count(BulkOutcome outcome) {
        return items.stream().filter(item -> item.outcome() == outcome).count();
    }
}
