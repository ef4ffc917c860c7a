package org.credentialcourier.credential;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.credentialcourier.credential.TokenCheck.TokenState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use tokens for links in emails. A token is 256 bits from {@link SecureRandom}, URL-safe; only its SHA-256 is
 * stored. The plaintext exists only in memory while the email carrying it is composed, and in that email. Each token
 * has an owner (the invitation or reset request it belongs to) and a contact; one table per kind of token.
 */
public abstract class SingleUseTokens {

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 64;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String table;
    private final SecureRandom random = new SecureRandom();

    protected SingleUseTokens(JdbcClient jdbc, Clock clock, String table) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.table = table;
    }

    /** A freshly minted token: its plaintext (to put in an email, never to store) and the id of its stored hash. */
    public record MintedToken(long id, String plaintext) {

        @Override
        public String toString() {
            return "MintedToken[id=" + id + "]";
        }
    }

    @Transactional
    public MintedToken mint(String ownerId, String contactId, Instant expiresAt) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO " + table + " (owner_id, contact_id, token_hash, created_at, expires_at)"
                        + " VALUES (:ownerId, :contactId, :hash, :now, :expiresAt)")
                .param("ownerId", ownerId).param("contactId", contactId)
                .param("hash", SecretDigest.sha256(token))
                .param("now", Timestamp.from(clock.instant())).param("expiresAt", Timestamp.from(expiresAt))
                .update(keys, "id");
        return new MintedToken(keys.getKey().longValue(), token);
    }

    /** What the token is worth right now. Reads only: opening a link (as mail scanners do) consumes nothing. */
    @Transactional(readOnly = true)
    public TokenCheck check(String token) {
        if (!wellFormed(token)) {
            return TokenCheck.unknown();
        }
        return jdbc.sql("SELECT owner_id, contact_id, expires_at, used_at, revoked_at FROM " + table
                        + " WHERE token_hash = :hash")
                .param("hash", SecretDigest.sha256(token))
                .query((rs, row) -> {
                    TokenState state;
                    if (rs.getTimestamp("used_at") != null) {
                        state = TokenState.USED;
                    } else if (rs.getTimestamp("revoked_at") != null) {
                        state = TokenState.REVOKED;
                    } else if (!rs.getTimestamp("expires_at").toInstant().isAfter(clock.instant())) {
                        state = TokenState.EXPIRED;
                    } else {
                        state = TokenState.VALID;
                    }
                    return new TokenCheck(state, rs.getString("owner_id"), rs.getString("contact_id"));
                })
                .optional().orElseGet(TokenCheck::unknown);
    }

    /**
     * Notes that the token's page was opened (the GET of its link, by the member or a mail scanner): the first time and
     * a count, for the delivery funnel. Consumes nothing and stores nothing of the token; an unknown token changes
     * nothing.
     */
    @Transactional
    public void opened(String token) {
        if (!wellFormed(token)) {
            return;
        }
        jdbc.sql("UPDATE " + table + " SET open_count = open_count + 1,"
                        + " first_opened_at = COALESCE(first_opened_at, :now) WHERE token_hash = :hash")
                .param("now", Timestamp.from(clock.instant())).param("hash", SecretDigest.sha256(token))
                .update();
    }

    /**
     * The contact signed in: each of their redeemed links not yet followed by a sign-in notes it, for the delivery
     * funnel's last step ("first sign-in after the link").
     */
    @Transactional
    public int signedIn(String contactId) {
        return jdbc.sql("UPDATE " + table + " SET signed_in_at = :now"
                        + " WHERE contact_id = :contactId AND used_at IS NOT NULL AND signed_in_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("contactId", contactId)
                .update();
    }

    /**
     * Consumes the token if it is still valid: exactly one of any number of concurrent redemptions succeeds, since the
     * conditional update is atomic in the database.
     */
    @Transactional
    public boolean consume(String token) {
        if (!wellFormed(token)) {
            return false;
        }
        Instant now = clock.instant();
        return jdbc.sql("UPDATE " + table + " SET used_at = :now"
                        + " WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now")
                .param("now", Timestamp.from(now)).param("hash", SecretDigest.sha256(token))
                .update() == 1;
    }

    /** Every still-open link of the owner stops working. */
    @Transactional
    public int revokeAll(String ownerId) {
        return revoke("owner_id = :key", ownerId, 0);
    }

    /** Every still-open link of the contact, whoever owns it, stops working. */
    @Transactional
    public int revokeAllOfContact(String contactId) {
        return revoke("contact_id = :key", contactId, 0);
    }

    /** Every other open link of the owner stops working: the newest delivered one is the only valid link. */
    @Transactional
    public int revokeAllExcept(String ownerId, long keptTokenId) {
        return revoke("owner_id = :key", ownerId, keptTokenId);
    }

    private int revoke(String condition, String key, long keptTokenId) {
        return jdbc.sql("UPDATE " + table + " SET revoked_at = :now WHERE " + condition
                        + " AND id <> :kept AND used_at IS NULL AND revoked_at IS NULL")
                .param("now", Timestamp.from(clock.instant())).param("key", key).param("kept", keptTokenId)
                .update();
    }

    /** A token whose email never left: it was never seen by anyone, so it is removed rather than revoked. */
    @Transactional
    public void discard(long tokenId) {
        jdbc.sql("DELETE FROM " + table + " WHERE id = :id").param("id", tokenId).update();
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
