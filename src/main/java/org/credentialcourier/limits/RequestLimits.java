package org.credentialcourier.limits;

import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The limits that keep one client from exhausting the server ({@code courier.requests.*}): which reverse proxies may
 * report a client's address, how large and how slow a member form's body may be, how many requests one client address
 * may have in flight, how many password hashes may run at once (per client and in all), how much memory the rate
 * limiter may hold, and the admins' own budget of reset links. docs/OPERATIONS.md lists them with their defaults.
 *
 * @param trustedProxies          addresses or CIDR blocks ({@code 10.0.0.0/8}, {@code ::1}) whose
 *                                {@code X-Forwarded-*} headers are believed; empty: none, the peer is the client
 * @param maxFormSize             the largest body of a member form ({@code application/x-www-form-urlencoded})
 * @param bodyDeadline            how long reading a request body may take in all, however slowly it trickles in
 * @param maxInFlightPerClient    requests of one client address being served at once; more get 429
 * @param hashingPerClient        password hashes one client address may have running at once; more get 429
 * @param hashingTotal            password hashes running at once in all; 0: twice the processors
 * @param hashingWait             how long a request waits for a free place among {@code hashingTotal}; then 503
 * @param limiterMemory           the rate limiter's memory (an estimate per key); the least recently used go first
 * @param adminResetLinks         reset links one admin may send one contact per {@code forgot-password-window}: a
 *                                budget of its own, which anonymous forgot-password requests never touch
 * @param lingerTime              how long a body refused for its size is still read and dropped before the connection
 *                                closes, so that a client still sending gets the 413 rather than a broken connection
 *                                (nginx's lingering close); 0 closes at once
 */
@Validated
@ConfigurationProperties(prefix = "courier.requests")
public record RequestLimits(
        @DefaultValue List<String> trustedProxies,
        @DefaultValue("32KB") @NotNull DataSize maxFormSize,
        @DefaultValue("10s") @NotNull Duration bodyDeadline,
        @DefaultValue("20") @Min(1) int maxInFlightPerClient,
        @DefaultValue("2") @Min(1) int hashingPerClient,
        @DefaultValue("0") @Min(0) int hashingTotal,
        @DefaultValue("500ms") @NotNull Duration hashingWait,
        @DefaultValue("16MB") @NotNull DataSize limiterMemory,
        @DefaultValue("5") @Min(1) int adminResetLinks,
        @DefaultValue("2s") @NotNull Duration lingerTime) {

    /** The bound on concurrent hashes in all: {@code hashingTotal}, or twice the processors. */
    public int effectiveHashingTotal() {
        return hashingTotal > 0 ? hashingTotal : 2 * Runtime.getRuntime().availableProcessors();
    }
}
