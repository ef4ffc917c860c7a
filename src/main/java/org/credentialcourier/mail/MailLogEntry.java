package org.credentialcourier.mail;

import java.time.Instant;

/**
 * One attempt to deliver an email, or to hand its content over by hand. Never holds a secret. {@code deliveryEvent}:
 * the latest thing heard of it after the server's answer ({@code delivered}, {@code bounced}, ...; null when none),
 * {@code eventReason} its status code and diagnostic.
 */
public record MailLogEntry(
        long id,
        String contactId,
        String invitationId,
        String template,
        Channel channel,
        String recipient,
        String subject,
        Status status,
        int attempt,
        String messageId,
        String smtpReply,
        String actor,
        Instant createdAt,
        Instant updatedAt,
        String deliveryEvent,
        String eventReason,
        Instant eventAt) {

    public enum Status {
        QUEUED, SENT, FAILED, HANDED_OVER,
        /** The job sending it stopped (a crash) before the server's answer was recorded; it was sent again. */
        INTERRUPTED,
        /** Accepted by the server, then bounced for good by the recipient's side (a DSN, a provider's event). */
        BOUNCED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    public enum Channel {
        SMTP, MANUAL;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
