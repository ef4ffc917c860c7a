package org.credentialcourier.bulk;

import org.credentialcourier.system.process.BusinessKeys;

/** The names of process {@code bulk-invitation} ({@code bpmn/bulk-invitation.bpmn}): one place for all of them. */
public final class BulkInvitationProcess {

    public static final String PROCESS_KEY = "bulk-invitation";

    /**
     * The longest list the start form takes: the engine keeps a string variable (and its history) in a column of
     * 4,000 characters, so a longer paste failed at the start with a database error. Longer lists go through a CSV
     * import, which never passes through a variable.
     */
    public static final int MAX_PASTED_LENGTH = 4000;

    private BulkInvitationProcess() {
    }

    /**
     * The instance's business key, a label for Cockpit ("invite · bulk 3f2a1b2c"); the instance is found by its
     * variable {@code bulkId} or its own id, never by this key.
     */
    public static String businessKey(BulkAction action, String bulkId) {
        return action.code() + " · bulk " + BusinessKeys.shortId(bulkId);
    }

    /** Process variables. */
    public static final class Vars {
        public static final String BULK_ID = "bulkId";
        /** {@link BulkAction}'s code. */
        public static final String ACTION = "bulkAction";
        /** From the Tasklist start form: {@code pasted} or {@code not-invited}. */
        public static final String SELECTION = "selection";
        /** From the Tasklist start form: one address (or CSV line) per line. */
        public static final String ADDRESSES = "addresses";
        /** Who started the instance in Tasklist ({@code camunda:initiator}). */
        public static final String INITIATOR = "initiator";
        /** Progress, as Cockpit shows it. */
        public static final String ITEMS_TOTAL = "itemsTotal";
        public static final String ITEMS_DONE = "itemsDone";
        public static final String ITEMS_SKIPPED = "itemsSkipped";
        public static final String ITEMS_QUEUED = "itemsQueued";
        /** Invitations of the run whose delivery has failed so far. */
        public static final String DELIVERIES_FAILED = "deliveriesFailed";
        /** For the review task: counts and the skipped items with their reasons (never a secret). */
        public static final String REVIEW_SUMMARY = "reviewSummary";
        public static final String REVIEW_LINK = "reviewLink";

        private Vars() {
        }
    }

    /** The values of {@link Vars#SELECTION}, as the start form offers them. */
    public static final class Selections {
        public static final String PASTED = "pasted";
        public static final String NOT_INVITED = "not-invited";

        private Selections() {
        }
    }

    /** Element ids that code and tests refer to. */
    public static final class Elements {
        public static final String REGISTER_BULK = "Task_RegisterBulk";
        public static final String PROCESS_NEXT_CHUNK = "Task_ProcessNextChunk";
        public static final String SUMMARISE_BULK = "Task_SummariseBulk";
        public static final String REVIEW_RESULT = "Task_ReviewBulkResult";
        public static final String END_COMPLETED = "EndEvent_BulkCompleted";
        public static final String END_REVIEWED = "EndEvent_BulkReviewed";

        private Elements() {
        }
    }
}
