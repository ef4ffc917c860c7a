package org.credentialcourier.tracking;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.funnel.*}: the delivery funnel (docs/BOUNCES.md, "The funnel"). {@code scannerWindow}: a link opened
 * this soon after its email was delivered, and never redeemed, counts as a likely mail scanner; {@code period}: the
 * days the console's home and the metrics look back; {@code topDomains}: the domains the home lists;
 * {@code metricsRefresh}: how old the figures behind the {@code courier_funnel_*} gauges may be.
 */
@Validated
@ConfigurationProperties(prefix = "courier.funnel")
public record FunnelProperties(
        @DefaultValue("PT1M") Duration scannerWindow,
        @DefaultValue("30") @Min(1) @Max(3660) int periodDays,
        @DefaultValue("10") @Min(1) @Max(100) int topDomains,
        @DefaultValue("PT1M") Duration metricsRefresh) {
}
