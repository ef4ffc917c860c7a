package org.credentialcourier.delivery;

import java.time.Duration;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.bounces.transient.*}: when temporary failures of one address count as a permanent bounce. A mailbox
 * that is full for a week, or a server that defers every attempt, never delivers either; past {@code
 * countAsPermanent} transient bounces of the same address within {@code window}, the latest one is treated as
 * permanent (the address is suppressed and the admin path follows, as for a 5.x.x).
 *
 * @param countAsPermanent the number of transient bounces that make a permanent one; 0: never
 * @param window           how far back they are counted
 */
@Validated
@ConfigurationProperties(prefix = "courier.bounces.transient")
public record TransientBounceProperties(
        @DefaultValue("3") @Min(0) int countAsPermanent,
        @DefaultValue("P7D") @NotNull Duration window) {
}
