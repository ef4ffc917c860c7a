package org.credentialcourier.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.stereotype.Component;

/**
 * The API's Basic credentials that this node verified recently, so that a script making many calls pays the Argon2id
 * check of its password once, not on every request (about 140 ms of CPU each: the benchmark's REST engine ceiling
 * fell to 7 calls a second on it).
 *
 * <p>What is kept is never the password: an HMAC-SHA256 of user and password under a key drawn at start-up and held
 * only in this node's memory, with the stored hash ({@code ACT_ID_USER.PWD_}) it was verified against. A request is
 * recognised only when the stored hash is still the same, read from the database on every request: a password
 * changed on any node of the cluster ends the recognition at once. A wrong password never matches an entry, so
 * guessing gains nothing, and every failure still goes to the check and the throttle. Entries last {@link #TTL}, at
 * most {@link #MAX_ENTRIES} (least recently used go first).
 */
@Component
public class VerifiedPasswords {

    static final Duration TTL = Duration.ofMinutes(5);
    static final int MAX_ENTRIES = 1_000;

    private record Entry(String storedHash, long expiresAtNanos) {
    }

    private final SecretKeySpec key;
    private final AtomicLong checks = new AtomicLong();
    private final Map<String, Entry> entries = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Entry> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    public VerifiedPasswords() {
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        this.key = new SecretKeySpec(random, "HmacSHA256");
    }

    /** Whether this user and password were verified against exactly this stored hash within the last {@link #TTL}. */
    public boolean recognises(String user, String password, String storedHash) {
        if (storedHash == null) {
            return false;
        }
        String id = id(user, password);
        Entry entry;
        synchronized (entries) {
            entry = entries.get(id);
            if (entry != null && System.nanoTime() - entry.expiresAtNanos() > 0) {
                entries.remove(id);
                entry = null;
            }
        }
        return entry != null && MessageDigest.isEqual(entry.storedHash().getBytes(StandardCharsets.UTF_8),
                storedHash.getBytes(StandardCharsets.UTF_8));
    }

    /** After a successful check of the password against {@code storedHash}. */
    public void remember(String user, String password, String storedHash) {
        if (storedHash == null) {
            return;
        }
        String id = id(user, password);
        synchronized (entries) {
            entries.put(id, new Entry(storedHash, System.nanoTime() + TTL.toNanos()));
        }
    }

    /** Counts a check of a password against its hash, the work this class spares. */
    void counted() {
        checks.incrementAndGet();
    }

    /** How many passwords this node has checked against their hashes since it started. */
    public long checks() {
        return checks.get();
    }

    private String id(String user, String password) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            mac.update(user.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getEncoder().encodeToString(mac.doFinal(password.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
