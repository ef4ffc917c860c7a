package org.credentialcourier.invitation;

/** The names of process {@code invitation} ({@code bpmn/invitation.bpmn}): one place for all of them. */
public final class InvitationProcess {

    public static final String PROCESS_KEY = "invitation";
    /** What the business key calls an instance, after the contact's email ({@code BusinessKeys}). */
    public static final String KEY_KIND = "inv";

    /** The templates of the emails it sends through process {@code mail-delivery}. */
    public static final String INVITATION_TEMPLATE = "invitation";
    public static final String REMINDER_TEMPLATE = "invitation-reminder";

    private InvitationProcess() {
    }

    /** Process variables. */
    public static final class Vars {
        public static final String INVITATION_ID = "invitationId";
        public static final String CONTACT_ID = "contactId";
        /** From the Tasklist start form "Invite a contact". */
        public static final String CONTACT_EMAIL = "contactEmail";
        /**
         * From the same form: "Send even so", the admin's yes to the pre-send checks' warnings ("Did you mean …?");
         * until then the start is refused with the warnings.
         */
        public static final String ACCEPT_WARNINGS = "acceptWarnings";
        /** Who started the instance in Tasklist ({@code camunda:initiator}). */
        public static final String INITIATOR = "initiator";
        public static final String DELIVERY_RESULT = "deliveryResult";
        public static final String REMINDER_DELIVERY_RESULT = "reminderDeliveryResult";
        /**
         * Who asked for the resend that message {@link Messages#RESEND_REQUESTED} brings: "Renew invitation" records
         * it and removes it. It travels with the message because the asker is not always the thread's user (the
         * member's forgot-password page asks on a background thread).
         */
        public static final String RESEND_REQUESTED_BY = "resendRequestedBy";
        /**
         * Who asked for the cancellation that message {@link Messages#CANCELLATION_REQUESTED} brings: "Cancel
         * invitation" records it and removes it. It travels with the message for the same reason (a bulk run cancels in
         * a job, on nobody's behalf).
         */
        public static final String CANCEL_REQUESTED_BY = "cancelRequestedBy";
        /** What message {@link Messages#EMAIL_BOUNCED} brings: the report's status code and diagnostic, and to whom. */
        public static final String BOUNCE_REASON = "bounceReason";
        public static final String BOUNCED_RECIPIENT = "bouncedRecipient";

        private Vars() {
        }
    }

    /** Message names. */
    public static final class Messages {
        public static final String ACCEPTED = "InvitationAccepted";
        public static final String CANCELLATION_REQUESTED = "InvitationCancellationRequested";
        public static final String RESEND_REQUESTED = "InvitationResendRequested";
        public static final String EMAIL_BOUNCED = "InvitationEmailBounced";

        private Messages() {
        }
    }

    /** Element ids that code and tests refer to. */
    public static final class Elements {
        public static final String REGISTER_INVITATION = "Task_RegisterInvitation";
        public static final String DELIVER_INVITATION = "CallActivity_DeliverInvitation";
        public static final String AWAIT_ACCEPTANCE = "Task_AwaitAcceptance";
        public static final String REMINDER_DUE = "BoundaryEvent_ReminderDue";
        public static final String INVITATION_BOUNCED = "BoundaryEvent_InvitationBounced";
        public static final String END_BOUNCED_LINK = "Task_EndBouncedLink";
        public static final String RESOLVE_BOUNCED_INVITATION = "CallActivity_ResolveBouncedInvitation";
        public static final String DELIVER_REMINDER = "CallActivity_DeliverReminder";
        public static final String INVITATION_EXPIRED = "BoundaryEvent_InvitationExpired";
        public static final String ACTIVATE_ACCOUNT = "Task_ActivateAccount";
        public static final String RENEW_INVITATION = "Task_RenewInvitation";
        public static final String CANCEL_INVITATION = "Task_CancelInvitation";
        public static final String END_ACCEPTED = "EndEvent_InvitationAccepted";
        public static final String END_EXPIRED = "EndEvent_InvitationExpired";
        public static final String END_CANCELLED = "EndEvent_InvitationCancelled";

        private Elements() {
        }
    }
}
