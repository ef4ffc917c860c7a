package org.credentialcourier.bulk;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;

/** Where one item of a bulk run stands. */
public enum BulkOutcome {
    /** Waiting for its chunk. */
    QUEUED,
    /** Carried out: invited, resent, cancelled or imported, as the run's action says. */
    DONE,
    /** Left alone, with a {@link SkipReason}. */
    SKIPPED;

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
