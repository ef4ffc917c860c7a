package org.credentialcourier.password;

import java.time.Instant;

/** A password change an admin asked for. */
public record PasswordChange(String id, String contactId, PasswordChangeProcess.Delivery delivery, Status status,
                             String requestedBy, Instant createdAt, Instant endedAt) {

    public enum Status {
        REQUESTED, DONE, ABANDONED;

        @com.fasterxml.jackson.annotation.JsonValue
        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
