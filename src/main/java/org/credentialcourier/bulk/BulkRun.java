package org.credentialcourier.bulk;

import java.time.Instant;

/** A bulk run as recorded: what it does, to how many items, who asked and whether it has finished. */
public record BulkRun(String id, BulkAction action, BulkSource source, int total, int imported, String createdBy,
                      Instant createdAt, Instant finishedAt, String processInstanceId) {

    public boolean finished() {
        return finishedAt != null;
    }
}
