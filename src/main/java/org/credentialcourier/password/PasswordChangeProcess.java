package org.credentialcourier.password;

/** The names of process {@code password-change} ({@code bpmn/password-change.bpmn}): one place for all of them. */
public final class PasswordChangeProcess {

    public static final String PROCESS_KEY = "password-change";
    /** What the business key calls an instance, after the contact's email ({@code BusinessKeys}). */
    public static final String KEY_KIND = "change";
    /** The email carrying a generated password, and the short notice after any password change. */
    public static final String NEW_PASSWORD_TEMPLATE = "new-password";
    public static final String CHANGE_NOTICE_TEMPLATE = "password-changed";

    private PasswordChangeProcess() {
    }

    public static final class Vars {
        public static final String CHANGE_ID = "changeId";
        public static final String CONTACT_ID = "contactId";
        /** From the Tasklist start form. */
        public static final String CONTACT_EMAIL = "contactEmail";
        /** {@code email}, {@code manual} or {@code manual-no-notice}: see {@link Delivery}. */
        public static final String DELIVERY = "delivery";
        public static final String INITIATOR = "initiator";
        /** From {@link PasswordChangeProcessClient}: who asked. */
        public static final String REQUESTED_BY = "requestedBy";
        /** For the hand-over page, as in process {@code mail-delivery}. */
        public static final String MAIL_TEMPLATE = "mailTemplate";
        public static final String SUBJECT_ID = "subjectId";
        public static final String HANDOVER_URL = "handoverUrl";
        /**
         * What message {@link Messages#NEW_PASSWORD_BOUNCED} brings: the report's status code and diagnostic, and to
         * whom; then whether the bounced password was still waiting to be used (and has been ended).
         */
        public static final String BOUNCE_REASON = "bounceReason";
        public static final String BOUNCED_RECIPIENT = "bouncedRecipient";
        public static final String BOUNCED_PASSWORD_WAITING = "bouncedPasswordWaiting";
        public static final String DELIVERY_RESULT = "deliveryResult";

        private Vars() {
        }
    }

    public static final class Messages {
        /** Starts an instance of its own: the change whose email bounced has usually ended by then. */
        public static final String NEW_PASSWORD_BOUNCED = "NewPasswordEmailBounced";

        private Messages() {
        }
    }

    public static final class Elements {
        public static final String REGISTER_PASSWORD_CHANGE = "Task_RegisterPasswordChange";
        public static final String DELIVER_NEW_PASSWORD = "CallActivity_DeliverNewPassword";
        public static final String HAND_OVER_NEW_PASSWORD = "Task_HandOverNewPassword";
        public static final String DELIVER_CHANGE_NOTICE = "CallActivity_DeliverChangeNotice";
        public static final String END_CHANGED = "EndEvent_PasswordChanged";
        public static final String END_ABANDONED = "EndEvent_PasswordChangeAbandoned";
        public static final String NEW_PASSWORD_BOUNCED = "StartEvent_NewPasswordBounced";
        public static final String END_BOUNCED_NEW_PASSWORD = "Task_EndBouncedNewPassword";
        public static final String RESOLVE_BOUNCED_NEW_PASSWORD = "CallActivity_ResolveBouncedNewPassword";
        public static final String END_BOUNCE_RESOLVED = "EndEvent_BouncedNewPasswordResolved";
        public static final String END_BOUNCE_NOTED = "EndEvent_BounceNoted";

        private Elements() {
        }
    }

    /**
     * How the new password reaches the contact. {@code MANUAL}: shown once to the admin, and the contact gets the
     * notice "your administrator changed your password" (without it) when {@code courier.password.change-notice} is
     * on, as before. {@code MANUAL_NO_NOTICE}: shown once and nothing is sent, for an admin handing it over in person
     * who does not want a mail arriving meanwhile. The name fits the 16 characters of {@code password_change.delivery}.
     */
    public enum Delivery {
        EMAIL, MANUAL, MANUAL_NO_NOTICE;

        public static final String CODES = "email, manual or manual-no-notice";

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        /** Shown once to the admin, who hands it over. */
        public boolean handedOver() {
            return this != EMAIL;
        }

        public static Delivery of(String code) {
            for (Delivery d : values()) {
                if (d.code().equals(code)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("delivery must be " + CODES);
        }
    }
}
