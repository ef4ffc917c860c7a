package org.credentialcourier.system.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpSession;

import org.springframework.stereotype.Component;
import org.springframework.web.util.WebUtils;

/**
 * A secret shown once after a POST-redirect-GET. The POST that made it keeps it here, in the admin's HTTP session
 * under a random key, and redirects to a page named by that key; the first GET of that page takes the secret out,
 * so a reload or Back finds it gone and says so instead of doing the work again. The secret is never in a URL (only
 * the key is), never in a table, and never written out with the session: the holder is not {@code Serializable}, so
 * a session store that persists sessions skips it. A secret nobody came for is dropped after {@link #LIFETIME}.
 * Each key is bound to the record it belongs to ({@code owner}: a contact or a delivery id), so a key shown under
 * another record's path reveals nothing.
 */
@Component
public class OneTimeSecrets {

    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** More than an admin opens at once; a session that asks for more loses its oldest ones. */
    static final int MAX_KEPT = 16;
    private static final int MAX_KEY_LENGTH = 64;
    private static final String ATTRIBUTE = OneTimeSecrets.class.getName();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Clock clock;

    public OneTimeSecrets(Clock clock) {
        this.clock = clock;
    }

    /** Keeps {@code secret} for {@code owner}'s page until its first GET: the key that page is named by. */
    public String keep(HttpSession session, String owner, Object secret) {
        Objects.requireNonNull(secret, "secret");
        byte[] bytes = new byte[18];
        RANDOM.nextBytes(bytes);
        String key = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Vault vault = vault(session);
        Instant now = clock.instant();
        vault.kept.values().removeIf(kept -> kept.until.isBefore(now));
        while (vault.kept.size() >= MAX_KEPT) {
            vault.kept.entrySet().stream().min(Map.Entry.comparingByValue(
                            (a, b) -> a.until.compareTo(b.until)))
                    .ifPresent(oldest -> vault.kept.remove(oldest.getKey()));
        }
        vault.kept.put(key, new Kept(owner, secret, now.plus(LIFETIME)));
        return key;
    }

    /**
     * The secret kept under {@code key} for {@code owner}, removed as it is taken: present once, then never again
     * (nor when the key is unknown, expired, of another session or of another owner).
     */
    public <T> Optional<T> take(HttpSession session, String key, String owner, Class<T> type) {
        if (session == null || key == null || key.length() > MAX_KEY_LENGTH) {
            return Optional.empty();
        }
        Vault vault = (Vault) session.getAttribute(ATTRIBUTE);
        if (vault == null) {
            return Optional.empty();
        }
        Kept kept = vault.kept.get(key);
        if (kept == null || !kept.owner.equals(owner) || !type.isInstance(kept.secret)) {
            return Optional.empty();
        }
        // remove(key, value) is atomic: of two GETs at once, one shows the secret and the other says it was shown
        if (!vault.kept.remove(key, kept) || kept.until.isBefore(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(type.cast(kept.secret));
    }

    private static Vault vault(HttpSession session) {
        synchronized (WebUtils.getSessionMutex(session)) {
            Vault vault = (Vault) session.getAttribute(ATTRIBUTE);
            if (vault == null) {
                vault = new Vault();
                session.setAttribute(ATTRIBUTE, vault);
            }
            return vault;
        }
    }

    /** The session's secrets; deliberately not {@code Serializable}, so that they never reach a disk. */
    private static final class Vault {
        private final Map<String, Kept> kept = new ConcurrentHashMap<>();

        @Override
        public String toString() {
            return "OneTimeSecrets[" + kept.size() + " kept]";
        }
    }

    private record Kept(String owner, Object secret, Instant until) {

        @Override
        public String toString() {
            return "Kept[owner=" + owner + ", until=" + until + "]";
        }
    }
}
