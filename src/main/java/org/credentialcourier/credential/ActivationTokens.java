package org.credentialcourier.credential;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import org.credentialcourier.credential.TokenCheck.TokenState;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Single-use activation links. A token is 256 bits from {@link SecureRandom}, URL-safe; only its SHA-256 is stored.
 * The plaintext exists only in memory while the email carrying it is composed, and in that email.
 */
@Service
public class ActivationTokens {

    private static final int TOKEN_BYTES = 32;
    private static final int MAX_TOKEN_LENGTH = 64;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public ActivationTokens(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A freshly minted token: its plaintext (to put in an email, never to store) and the id of its stored hash. */
    public record MintedToken(long id, String plaintext) {

        @Override
        public String toString() {
            return "MintedToken[id=" + id + "]";
        }
    }

    @Transactional
    public MintedToken mint(String invitationId, String contactId, Instant expiresAt) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO activation_token (invitation_id, contact_id, token_hash, created_at, expires_at)
                VALUES (:invitationId, :contactId, :hash, :now, :expiresAt)""")
                .param("invitationId", invitationId).param("contactId", contactId)
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
        return jdbc.sql("""
                        SELECT invitation_id, contact_id, expires_at, used_at, revoked_at
                        FROM activation_token WHERE token_hash = :hash""")
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
                    return new TokenCheck(state, rs.getString("invitation_id"), rs.getString("contact_id"));
                })
                .optional().orElseGet(TokenCheck::unknown);
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
        return jdbc.sql("""
                        UPDATE activation_token SET used_at = :now
                        WHERE token_hash = :hash AND used_at IS NULL AND revoked_at IS NULL AND expires_at > :now""")
                .param("now", Timestamp.from(now)).param("hash", SecretDigest.sha256(token))
                .update() == 1;
    }

    /** Every still-open link of the invitation stops working. */
    @Transactional
    public int revokeAll(String invitationId) {
        return jdbc.sql("""
                        UPDATE activation_token SET revoked_at = :now
                        WHERE invitation_id = :invitationId AND used_at IS NULL AND revoked_at IS NULL""")
                .param("now", Timestamp.from(clock.instant())).param("invitationId", invitationId)
                .update();
    }

    /** Every other open link of the invitation stops working: the newest delivered one is the only valid link. */
    @Transactional
    public int revokeAllExcept(String invitationId, long keptTokenId) {
        return jdbc.sql("""
                        UPDATE activation_token SET revoked_at = :now
                        WHERE invitation_id = :invitationId AND id <> :kept AND used_at IS NULL AND revoked_at IS NULL""")
                .param("now", Timestamp.from(clock.instant())).param("invitationId", invitationId)
                .param("kept", keptTokenId)
                .update();
    }

    /** A token whose email never left: it was never seen by anyone, so it is removed rather than revoked. */
    @Transactional
    public void discard(long tokenId) {
        jdbc.sql("DELETE FROM activation_token WHERE id = :id").param("id", tokenId).update();
    }

    private static boolean wellFormed(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) && c < 128 || c == '-' || c == '_');
    }
}
