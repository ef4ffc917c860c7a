package org.credentialcourier.reset;

/** The names of process {@code password-reset} ({@code bpmn/password-reset.bpmn}): one place for all of them. */
public final class PasswordResetProcess {

    public static final String PROCESS_KEY = "password-reset";
    /** What the business key calls an instance, after the contact's email ({@code BusinessKeys}). */
    public static final String KEY_KIND = "reset";
    public static final String RESET_TEMPLATE = "password-reset";

    private PasswordResetProcess() {
    }

    public static final class Vars {
        public static final String RESET_ID = "resetId";
        public static final String CONTACT_ID = "contactId";
        /** From the Tasklist start form. */
        public static final String CONTACT_EMAIL = "contactEmail";
        public static final String INITIATOR = "initiator";
        /** From {@link PasswordResetProcessClient}: who asked, and whether an admin did (the link's validity). */
        public static final String REQUESTED_BY = "requestedBy";
        public static final String BY_ADMIN = "byAdmin";
        public static final String DELIVERY_RESULT = "deliveryResult";
        /** What message {@link Messages#EMAIL_BOUNCED} brings: the report's status code and diagnostic, and to whom. */
        public static final String BOUNCE_REASON = "bounceReason";
        public static final String BOUNCED_RECIPIENT = "bouncedRecipient";

        private Vars() {
        }
    }

    public static final class Messages {
        public static final String COMPLETED = "PasswordResetCompleted";
        public static final String SUPERSEDED = "PasswordResetSuperseded";
        public static final String EMAIL_BOUNCED = "ResetLinkEmailBounced";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String REGISTER_RESET_REQUEST = "Task_RegisterResetRequest";
        public static final String DELIVER_RESET_LINK = "CallActivity_DeliverResetLink";
        public static final String AWAIT_NEW_PASSWORD = "Task_AwaitNewPassword";
        public static final String RESET_LINK_BOUNCED = "BoundaryEvent_ResetLinkBounced";
        public static final String END_BOUNCED_RESET_LINK = "Task_EndBouncedResetLink";
        public static final String RESOLVE_BOUNCED_RESET_LINK = "CallActivity_ResolveBouncedResetLink";
        public static final String RESET_LINK_EXPIRED = "BoundaryEvent_ResetLinkExpired";
        public static final String DELIVER_CHANGE_NOTICE = "CallActivity_DeliverChangeNotice";
        public static final String END_RESET = "EndEvent_PasswordReset";
        public static final String END_EXPIRED = "EndEvent_ResetLinkExpired";
        public static final String END_SUPERSEDED = "EndEvent_ResetSuperseded";
        public static final String END_ABANDONED = "EndEvent_ResetAbandoned";

        private Elements() {
        }
    }
}
