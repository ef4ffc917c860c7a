package org.credentialcourier.delivery;

/** The names of process {@code mail-delivery} ({@code bpmn/mail-delivery.bpmn}): one place for all of them. */
public final class MailDeliveryProcess {

    public static final String PROCESS_KEY = "mail-delivery";

    private MailDeliveryProcess() {
    }

    /** Process variables. */
    public static final class Vars {
        /** In: which email, e.g. {@code invitation}. */
        public static final String MAIL_TEMPLATE = "mailTemplate";
        /** In: what the email is about, e.g. the invitation id; the template's {@link DeliverableMail} knows it. */
        public static final String SUBJECT_ID = "subjectId";
        /**
         * In, optional: true when the caller's email bounced after its server had accepted it; the delivery then
         * starts at "Resolve failed delivery" with {@link #LAST_DELIVERY_ERROR} and {@link #RECIPIENT_EMAIL} given.
         */
        public static final String BOUNCE_REPORTED = "bounceReported";
        /** The number of the latest attempt, counted by the send task. */
        public static final String ATTEMPT = "attempt";
        /** Out: {@link DeliveryResult}'s code. */
        public static final String DELIVERY_RESULT = "deliveryResult";
        /** The admin's choice in "Resolve failed delivery": see {@link Resolution}. */
        public static final String RESOLUTION = "resolution";
        public static final String CORRECTED_EMAIL = "correctedEmail";
        /** For the admin's form: where it went and what went wrong (never a secret). */
        public static final String RECIPIENT_EMAIL = "recipientEmail";
        public static final String LAST_DELIVERY_ERROR = "lastDeliveryError";
        /** The admin page that reveals the message once for a hand-over by hand. */
        public static final String HANDOVER_URL = "handoverUrl";
        /** Who revealed the message for a hand-over by hand. */
        public static final String HANDED_OVER_BY = "handedOverBy";

        private Vars() {
        }
    }

    /** BPMN error codes. */
    public static final class Errors {
        public static final String MAIL_DEFERRED = "MailDeferred";
        public static final String MAIL_REJECTED = "MailRejected";
        public static final String ADDRESS_INVALID = "AddressInvalid";

        private Errors() {
        }
    }

    /** Element ids that code and tests refer to. */
    public static final class Elements {
        public static final String SENDING_SLOT_REACHED = "Event_SendingSlotReached";
        public static final String SEND_EMAIL = "Task_SendEmail";
        public static final String RETRY_DELAY = "Event_RetryDelayElapsed";
        public static final String RESOLVE_FAILED_DELIVERY = "Task_ResolveFailedDelivery";
        public static final String CORRECT_EMAIL_ADDRESS = "Task_CorrectEmailAddress";
        public static final String HAND_OVER_MANUALLY = "Task_HandOverManually";
        public static final String EMAIL_SENT = "EndEvent_EmailSent";
        public static final String HANDED_OVER = "EndEvent_HandedOver";
        public static final String DELIVERY_CANCELLED = "EndEvent_DeliveryCancelled";

        private Elements() {
        }
    }

    /** The values of {@link Vars#DELIVERY_RESULT}. */
    public enum DeliveryResult {
        DELIVERED("delivered"), HANDED_OVER("handedOver"), CANCELLED("cancelled");

        private final String code;

        DeliveryResult(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** The values of {@link Vars#RESOLUTION}, as the form offers them. */
    public enum Resolution {
        RETRY("retry"), CORRECT_ADDRESS("correct-address"), MANUAL("manual"), CANCEL("cancel");

        private final String code;

        Resolution(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }

        public static Resolution of(String code) {
            for (Resolution r : values()) {
                if (r.code.equals(code)) {
                    return r;
                }
            }
            throw new IllegalArgumentException("Unknown resolution " + code);
        }
    }
}
