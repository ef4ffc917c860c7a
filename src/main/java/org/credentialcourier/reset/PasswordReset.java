package org.credentialcourier.reset;

import java.time.Instant;

/** A request for a password reset link, by the contact or by an admin. */
public record PasswordReset(String id, String contactId, Status status, String requestedBy, Instant createdAt,
                            Instant expiresAt, Instant endedAt) {

    /** Whether an admin sent the link: every request but the contact's own ({@link ForgotPassword#ACTOR}). */
    public boolean sentByAdmin() {
        return !ForgotPassword.ACTOR.equals(requestedBy);
    }

    public enum Status {
        PENDING, COMPLETED, EXPIRED, SUPERSEDED, CANCELLED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
