package org.credentialcourier.bulk;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where a bulk run's items came from. */
public enum BulkSource {
    CONTACT_IDS, FILTER, CSV, PASTE, INVITATION_IDS, STATUS;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
