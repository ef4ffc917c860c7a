package org.credentialcourier.bulk;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.bulk.*}: how big a bulk request may be and how many items one transaction of process
 * {@code bulk-invitation} carries out. A chunk is one job: small enough to stay far from transaction time-outs and to
 * lose little when a node dies, large enough that the loop itself costs little.
 */
@Validated
@ConfigurationProperties(prefix = "courier.bulk")
public record BulkProperties(
        @DefaultValue("100") @Min(1) @Max(1000) int chunkSize,
        @DefaultValue("50000") @Min(1) int maxItems,
        @DefaultValue("8388608") @Min(1024) int maxCsvBytes) {
}
