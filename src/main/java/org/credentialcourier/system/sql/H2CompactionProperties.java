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
 * share of live data it compacts, and for how long at most (the store's writers wait meanwhile).
 */
@Validated
@ConfigurationProperties(prefix = "courier.h2-compaction")
public record H2CompactionProperties(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("PT30S") @NotNull Duration interval,
        @DefaultValue("60") @Min(1) @Max(100) int belowLivePercent,
        @DefaultValue("PT2S") @NotNull Duration maxTime) {
}
