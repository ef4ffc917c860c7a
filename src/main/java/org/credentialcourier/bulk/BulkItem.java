package org.credentialcourier.bulk;

/**
 * One contact or invitation of a bulk run. {@code sourceRow} is the line of the CSV file or pasted text it came from;
 * {@code label} what the request said (an address or an id) so that a skipped row can be recognised.
 */
public record BulkItem(int seq, Integer sourceRow, String contactId, String invitationId, String label,
                       BulkOutcome outcome, SkipReason reason, String field, String detail, boolean contactCreated) {

    static BulkItem queued(int seq, Integer sourceRow, String contactId, String invitationId, String label,
                           boolean contactCreated) {
        return new BulkItem(seq, sourceRow, contactId, invitationId, label, BulkOutcome.QUEUED, null, null, null,
                contactCreated);
    }

    static BulkItem skipped(int seq, Integer sourceRow, String contactId, String invitationId, String label,
                            SkipReason reason, String field, String detail, boolean contactCreated) {
        return new BulkItem(seq, sourceRow, contactId, invitationId, label, BulkOutcome.SKIPPED, reason, field,
                detail == null ? reason.description() : detail, contactCreated);
    }

    static BulkItem done(int seq, Integer sourceRow, String contactId, String label, boolean contactCreated) {
        return new BulkItem(seq, sourceRow, contactId, null, label, BulkOutcome.DONE, null, null, null,
                contactCreated);
    }
}
