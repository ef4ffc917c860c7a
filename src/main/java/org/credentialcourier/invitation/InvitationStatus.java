package org.credentialcourier.invitation;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

public enum InvitationStatus {
    /** Sent (or being sent), waiting for the contact to accept. */
    PENDING,
    /** Delivery failed; an admin decides what to do. */
    FAILED,
    /** Accepted: the contact set a password. */
    ACTIVE,
    EXPIRED,
    CANCELLED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Still open: the contact cannot get another invitation meanwhile; resend and cancel apply. */
    public boolean open() {
        return this == PENDING || this == FAILED;
    }
}
