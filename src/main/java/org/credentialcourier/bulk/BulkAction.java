package org.credentialcourier.bulk;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a bulk run does to each of its items. */
public enum BulkAction {
    /** Invite contacts (from ids, a filter, a CSV import with invite=true, or pasted addresses). */
    INVITE,
    /** Resend invitations (new link, new expiry). */
    RESEND,
    /** Cancel open invitations. */
    CANCEL,
    /** Import contacts only: the run ends when the request does. */
    IMPORT,
    /** Send a password reset link to each contact with an active account, as an admin would from the record. */
    RESET_LINK;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
