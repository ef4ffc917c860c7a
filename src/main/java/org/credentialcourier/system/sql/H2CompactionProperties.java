package org.credentialcourier.system.sql;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.h2-compaction.*}: how often {@link H2FileCompaction} looks at the embedded H2 file, below which
 * share of live data it compacts, and for how long at most: {@code quiet-max-time} when the database saw at most
 * {@code quiet-changes} data changes since the last look, {@code busy-max-time} otherwise
 * (zero: only in quiet periods). The store's writers wait while it compacts. {@code on-stop}: whether
 * {@link H2CompactionOnStop} compacts the file fully when the application stops, if its live data is below the same
 * share.
 */
@Validated
@ConfigurationProperties(prefix = "courier.h2-compaction")
public record H2CompactionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT30S") @NotNull Duration interval,
        @DefaultValue("60") @Min(1) @Max(100) int belowLivePercent,
        @DefaultValue("20") @Min(0) int quietChanges,
        @DefaultValue("PT2S") @NotNull Duration quietMaxTime,
        @DefaultValue("PT0S") @NotNull Duration busyMaxTime,
        @DefaultValue("true") boolean onStop) {
}
