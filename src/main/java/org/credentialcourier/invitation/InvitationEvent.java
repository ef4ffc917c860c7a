package org.credentialcourier.invitation;

import java.time.Instant;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** A line of an invitation's history: what happened, who did it, when. */
public record InvitationEvent(Type type, String actor, String detail, Instant occurredAt) {

    public enum Type {
        CREATED, DELIVERY_FAILED,
        /** The invitation email (or its reminder) bounced after the server had accepted it; detail: the reason. */
        BOUNCED,
        DELIVERY_RESOLVED, DELIVERY_RETRIED, HANDED_OVER, RESENT, CANCELLED, EXPIRED,
        ACCEPTED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }
}
