package org.credentialcourier.invitation;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonValue;

public enum InvitationStatus {
    /** Sent (or being sent), waiting for the contact to accept. */
    PENDING,
    /** Delivery failed; an admin decides what to do. */
    FAILED,
    /**
     * The invitation email reached the mail server, then bounced for good (a delivery status notification): its link
     * is ended and an admin decides what to do, as for {@link #FAILED}.
     */
    BOUNCED,
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
        return this == PENDING || this == FAILED || this == BOUNCED;
    }

    /** SQL: {@code column IN ('PENDING', 'FAILED', 'BOUNCED')}, the open statuses of {@link #open()}, spelled out only here. */
    public static String openIn(String column) {
        return column + " IN (" + Arrays.stream(values()).filter(InvitationStatus::open)
                .map(status -> "'" + status.name() + "'").collect(Collectors.joining(", ")) + ")";
    }
}
