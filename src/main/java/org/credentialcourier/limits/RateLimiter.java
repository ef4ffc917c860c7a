package org.credentialcourier.limits;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import org.springframework.stereotype.Component;

/**
 * Token buckets (Bucket4j) per key, e.g. per email address or per client address: {@code capacity} events per
 * {@code window}, refilled gradually. A key is kept as a 128-bit digest of its text, so every entry has the same small
 * size whatever a client typed; the entries are bounded by memory ({@code courier.requests.limiter-memory}, estimated
 * at {@value #ESTIMATED_ENTRY_BYTES} bytes per entry), the least recently used going first. Kept in memory; on several
 * nodes each keeps its own.
 */
@Component
public class RateLimiter {

    /**
     * An estimate of one entry's heap: the map's entry and links (~40 bytes), the digest key (~32), a Bucket4j
     * bucket with one bandwidth and its state (~300), with room to spare.
     */
    public static final int ESTIMATED_ENTRY_BYTES = 512;

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

    /** A key's fixed-size form: the first 128 bits of its SHA-256. */
    private record Key(long high, long low) {
    }

    private final int maxEntries;
    private final Map<Key, Bucket> buckets;

    public RateLimiter(RequestLimits limits) {
        this.maxEntries = (int) Math.max(1, Math.min(Integer.MAX_VALUE,
                limits.limiterMemory().toBytes() / ESTIMATED_ENTRY_BYTES));
        this.buckets = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Bucket> eldest) {
                return size() > maxEntries;
            }
        };
    }

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

    /** How many keys are held now. */
    public int entries() {
        synchronized (buckets) {
            return buckets.size();
        }
    }

    /** An estimate of the heap the keys hold now; never more than {@code courier.requests.limiter-memory}. */
    public long estimatedBytes() {
        return (long) entries() * ESTIMATED_ENTRY_BYTES;
    }

    private Bucket bucket(String key, int capacity, Duration window) {
        Key digest = digest(key);
        synchronized (buckets) {
            return buckets.computeIfAbsent(digest, k -> Bucket.builder()
                    .addLimit(Bandwidth.builder().capacity(capacity).refillGreedy(capacity, window).build())
                    .build());
        }
    }

    private static Key digest(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            ByteBuffer buffer = ByteBuffer.wrap(hash);
            return new Key(buffer.getLong(), buffer.getLong());
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        }
    }
}
