package org.credentialcourier.contact;

import com.fasterxml.jackson.annotation.JsonValue;

/** Whether the contact can sign in to the portal. */
public enum AccountStatus {
    NONE, INVITED, ACTIVE;

    @JsonValue
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
