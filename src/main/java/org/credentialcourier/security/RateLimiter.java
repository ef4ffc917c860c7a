package org.credentialcourier.security;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per key, e.g. per email address or per client address: {@code capacity} events per
 * {@code window}, refilled gradually. Kept in memory, at most {@value #MAX_KEYS} keys (the least recently used go
 * first); on several nodes each keeps its own.
 */
@Component
public class RateLimiter {

    private static final int MAX_KEYS = 50_000;

    /** Allowed, or refused with how long to wait. */
    public record Decision(boolean allowed, Duration retryAfter) {

        /** Whole seconds to wait, rounded up: for a {@code Retry-After} header. */
        public long retryAfterSeconds() {
            return retryAfter.toSeconds() + 1;
        }

        /** Whole minutes to wait, at least one: for people. */
        public long minutesToWait() {
            return Math.max(1, (retryAfter.toSeconds() + 59) / 60);
        }
    }

    private final Map<String, Bucket> buckets = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
            return size() > MAX_KEYS;
        }
    };

    /** Takes one event from the key's bucket, if there is one left. */
    public Decision tryAcquire(String key, int capacity, Duration window) {
        ConsumptionProbe probe = bucket(key, capacity, window).tryConsumeAndReturnRemaining(1);
        return new Decision(probe.isConsumed(), Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Whether the key's bucket is empty now, without taking anything. */
    public Decision check(String key, int capacity, Duration window) {
        Bucket bucket = bucket(key, capacity, window);
        var estimate = bucket.estimateAbilityToConsume(1);
        return new Decision(estimate.canBeConsumed(), Duration.ofNanos(estimate.getNanosToWaitForRefill()));
    }

    private Bucket bucket(String key, int capacity, Duration window) {
        synchronized (buckets) {
            return buckets.computeIfAbsent(key, k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                    .build());
        }
    }
}
