package org.credentialcourier.credential;

/** What a presented token is worth, without consuming it. */
public record TokenCheck(TokenState state, String ownerId, String contactId) {

    public enum TokenState {
        /** Can be redeemed. */
        VALID,
        /** Never issued (or mistyped). */
        UNKNOWN,
        /** Redeemed already. */
        USED,
        /** Past its expiry. */
        EXPIRED,
        /** Revoked: replaced by a newer link, or its invitation was cancelled or has ended. */
        REVOKED
    }

    static TokenCheck unknown() {
        return new TokenCheck(TokenState.UNKNOWN, null, null);
    }

    public boolean valid() {
        return state == TokenState.VALID;
    }
}
