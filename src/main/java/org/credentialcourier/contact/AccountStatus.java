package org.credentialcourier.contact;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Whether the contact can sign in to the portal. {@link #DISABLED}: an admin turned the account off; it cannot sign in,
 * gets no mail and nothing new starts for it, until an admin enables it again (back to the status it had before).
 */
public enum AccountStatus {
    NONE, INVITED, ACTIVE, DISABLED;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
