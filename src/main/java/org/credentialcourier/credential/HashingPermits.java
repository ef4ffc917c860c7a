package org.credentialcourier.credential;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;


/**
 * Places for password hashing (Argon2id costs 19 MiB and tens of milliseconds of a processor each): at most
 * {@code courier.requests.hashing-per-client} at once per client address, refused at once beyond that, and at most
 * {@code courier.requests.hashing-total} in all, waited for at most {@code courier.requests.hashing-wait}. A flood of
 * sign-ins from one client then costs that client 429s, not every member their sign-in, and no queue grows without
 * bound. The numbers come from the request limits' settings ({@code security.RequestGuard} makes the bean).
 */
public class HashingPermits {

    private final int perClient;
    private final Semaphore total;
    private final Duration wait;
    private final ConcurrentHashMap<String, Integer> running = new ConcurrentHashMap<>();

    /**
     * @param perClient hashes one client may have running at once
     * @param total     hashes running at once in all
     * @param wait      how long to wait for one of the {@code total} places
     */
    public HashingPermits(int perClient, int total, Duration wait) {
        this.perClient = perClient;
        this.total = new Semaphore(total, true);
        this.wait = wait;
    }

    /** Why no place was given: this client has too many hashes running (429), or everyone has (503). */
    public static final class BusyException extends RuntimeException {

        private final boolean client;

        BusyException(boolean client) {
            super(client ? "too many password checks from this client at once" : "too many password checks at once",
                    null, false, false);
            this.client = client;
        }

        /** Whether the client itself is the reason (429) rather than the server being busy (503). */
        public boolean client() {
            return client;
        }
    }

    /** A place, given back by {@link #close()}. */
    public final class Permit implements AutoCloseable {

        private final String client;
        private final AtomicBoolean open = new AtomicBoolean(true);

        private Permit(String client) {
            this.client = client;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                total.release();
                release(client);
            }
        }
    }

    /** A place for the client's hashing, or a {@link BusyException}. */
    public Permit acquire(String client) {
        boolean[] taken = {false};
        running.compute(client, (key, count) -> {
            int now = count == null ? 0 : count;
            if (now >= perClient) {
                return count;
            }
            taken[0] = true;
            return now + 1;
        });
        if (!taken[0]) {
            throw new BusyException(true);
        }
        boolean permitted;
        try {
            permitted = total.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            permitted = false;
        }
        if (!permitted) {
            release(client);
            throw new BusyException(false);
        }
        return new Permit(client);
    }

    /** Hashes running for the client now. */
    int running(String client) {
        return running.getOrDefault(client, 0);
    }

    private void release(String client) {
        running.computeIfPresent(client, (key, count) -> count <= 1 ? null : count - 1);
    }
}
