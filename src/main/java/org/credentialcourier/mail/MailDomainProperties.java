package org.credentialcourier.mail;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.presend.dns.*}: whether a recipient's domain is looked up before a send (its MX, a null MX, an
 * implicit MX), and how. Off by default: it reaches outside, and a network without DNS must not slow every send.
 *
 * @param enabled   look domains up before single invitations, reset links and dry runs
 * @param resolver  {@code host:port} (or {@code host}, port 53) of the resolver to ask; blank: the system's resolvers
 * @param timeout   how long one query may take; a domain whose lookup times out is "unknown", a warning only
 * @param cacheTtl  how long an answer (found or not found) is kept; failures are never kept
 * @param cacheSize how many domains are kept at most; the least recently used goes first
 */
@Validated
@ConfigurationProperties(prefix = "courier.presend.dns")
public record MailDomainProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String resolver,
        @DefaultValue("PT3S") @NotNull Duration timeout,
        @DefaultValue("PT10M") @NotNull Duration cacheTtl,
        @DefaultValue("10000") @Min(0) @Max(1_000_000) int cacheSize) {
}
