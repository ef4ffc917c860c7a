package org.credentialcourier.mail;

import java.time.Instant;

/** One attempt to deliver an email, or to hand its content over by hand. Never holds a secret. */
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
        Instant updatedAt) {

    public enum Status {
        QUEUED, SENT, FAILED, HANDED_OVER,
        /** The job sending it stopped (a crash) before the server's answer was recorded; it was sent again. */
        INTERRUPTED;

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
