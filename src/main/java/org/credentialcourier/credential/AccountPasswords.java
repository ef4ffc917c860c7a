package org.credentialcourier.credential;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import org.credentialcourier.system.CourierProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The contacts' portal passwords, kept only as hashes. A password the contact chose lasts; a generated one is
 * temporary: it must be changed at the first sign-in and stops working after {@code courier.password.temporary-validity}.
 * <p>
 * Every door that sets a password comes through here (own change, reset link, activation, an admin's new password):
 * setting one ends every other credential of the account, as Keycloak and Okta do and as OWASP's session management
 * cheat sheet asks: the contact's unused reset and activation links are revoked, and {@link #changedAt} moves on, which
 * signs out every member session opened before (see SignInController).
 */
@Service
public class AccountPasswords {

    private final JdbcClient jdbc;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final CourierProperties properties;
    /** A hash to check against when there is none, so that "no such account" answers as slowly as a wrong password. */
    private volatile String decoy;

    private final ResetTokens resetTokens;
    private final ActivationTokens activationTokens;
    private final ApplicationEventPublisher events;

    public AccountPasswords(JdbcClient jdbc, PasswordHasher hasher, Clock clock, CourierProperties properties,
                            ResetTokens resetTokens, ActivationTokens activationTokens,
                            ApplicationEventPublisher events) {
        this.events = events;
        this.resetTokens = resetTokens;
        this.activationTokens = activationTokens;
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = clock;
        this.properties = properties;
    }

    /** What a sign-in with a password comes to. */
    public enum Verdict {
        /** The right password, one the contact chose. */
        VALID,
        /** The right temporary password: it must be changed now. */
        MUST_CHANGE,
        /** The right temporary password, but too late. */
        TEMPORARY_EXPIRED,
        /** No such password (or no password at all). */
        WRONG
    }

    /** Stores the hash of a password the contact chose; any earlier password stops working. */
    @Transactional
    public void setChosenPassword(String contactId, String password) {
        store(contactId, hasher.hash(password), false, null);
    }

    /** Stores the hash of a generated password, valid until the returned time; any earlier password stops working. */
    @Transactional
    public Instant setTemporaryPassword(String contactId, String password) {
        Instant validUntil = clock.instant().plus(properties.password().temporaryValidity());
        store(contactId, hasher.hash(password), true, validUntil);
        return validUntil;
    }

    /**
     * Ends the contact's temporary password if it was set at {@code setSince} or later and is neither used (changed by
     * the contact) nor over yet: a sign-in with it then answers as for an expired one. True when one ended.
     */
    @Transactional
    public boolean endUnusedTemporary(String contactId, Instant setSince) {
        Timestamp now = Timestamp.from(clock.instant());
        return jdbc.sql("""
                        UPDATE account_password SET valid_until = :now
                         WHERE contact_id = :contactId AND temporary = TRUE AND changed_at >= :since
                           AND (valid_until IS NULL OR valid_until > :now)""")
                .param("now", now).param("contactId", contactId).param("since", Timestamp.from(setSince))
                .update() > 0;
    }

    /**
     * Checks a password; a right one whose hash uses older parameters is re-hashed on the way. Without a stored hash
     * (no such contact, no password yet) a hash is checked all the same, so the answer takes as long.
     */
    @Transactional
    public Verdict verify(String contactId, String password) {
        Optional<Stored> stored = contactId == null ? Optional.empty() : jdbc.sql("""
                        SELECT password_hash, temporary, valid_until FROM account_password WHERE contact_id = :contactId""")
                .param("contactId", contactId)
                .query((rs, row) -> new Stored(rs.getString("password_hash"), rs.getBoolean("temporary"),
                        rs.getTimestamp("valid_until") == null ? null : rs.getTimestamp("valid_until").toInstant()))
                .optional();
        if (password == null || password.length() > PasswordPolicy.MAX_LENGTH) {
            return Verdict.WRONG;
        }
        if (stored.isEmpty()) {
            hasher.matches(password, decoy());
            return Verdict.WRONG;
        }
        if (!hasher.matches(password, stored.get().hash())) {
            return Verdict.WRONG;
        }
        Stored found = stored.get();
        if (hasher.needsUpgrade(found.hash())) {
            jdbc.sql("UPDATE account_password SET password_hash = :hash WHERE contact_id = :contactId")
                    .param("hash", hasher.hash(password)).param("contactId", contactId).update();
        }
        if (!found.temporary()) {
            return Verdict.VALID;
        }
        return found.validUntil() != null && !found.validUntil().isAfter(clock.instant())
                ? Verdict.TEMPORARY_EXPIRED : Verdict.MUST_CHANGE;
    }

    /**
     * When the contact's password was last set, as stored (empty without a password): a session remembers it at
     * sign-in and ends when it changes.
     */
    @Transactional(readOnly = true)
    public Optional<Instant> changedAt(String contactId) {
        return jdbc.sql("SELECT changed_at FROM account_password WHERE contact_id = :contactId")
                .param("contactId", contactId)
                .query((rs, row) -> rs.getTimestamp("changed_at").toInstant()).optional();
    }

    /**
     * Whether the contact's current password is a temporary one: only an administrator sets those (a generated
     * password), so the notice of the change can say who made it.
     */
    @Transactional(readOnly = true)
    public boolean isTemporary(String contactId) {
        return jdbc.sql("SELECT temporary FROM account_password WHERE contact_id = :contactId")
                .param("contactId", contactId)
                .query((rs, row) -> rs.getBoolean("temporary")).optional().orElse(false);
    }

    /** Whether the password is the contact's current one, whatever its kind. */
    @Transactional
    public boolean matches(String contactId, String password) {
        return verify(contactId, password) != Verdict.WRONG;
    }

    private String decoy() {
        String hash = decoy;
        if (hash == null) {
            hash = hasher.hash("decoy password that nobody has " + System.nanoTime());
            decoy = hash;
        }
        return hash;
    }

    private record Stored(String hash, boolean temporary, Instant validUntil) {
    }

    private void store(String contactId, String hash, boolean temporary, Instant validUntil) {
        var now = Timestamp.from(clock.instant());
        var until = validUntil == null ? null : Timestamp.from(validUntil);
        int updated = jdbc.sql("""
                        UPDATE account_password SET password_hash = :hash, temporary = :temporary, valid_until = :until,
                               changed_at = :now WHERE contact_id = :contactId""")
                .param("hash", hash).param("temporary", temporary).param("until", until).param("now", now)
                .param("contactId", contactId).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO account_password (contact_id, password_hash, temporary, valid_until, changed_at)
                            VALUES (:contactId, :hash, :temporary, :until, :now)""")
                    .param("contactId", contactId).param("hash", hash).param("temporary", temporary)
                    .param("until", until).param("now", now).update();
        }
        // the new password is now the account's only credential: no link sent before may set another one
        endOpenLinks(contactId);
    }

    /**
     * Ends every activation and reset link still open for the contact: after a new password, a changed address or a
     * disabled account, no link sent before may set a password; and tells whatever else the member holds
     * ({@link CredentialsEnded}: the portals' authorizations and refresh tokens) to end as well.
     */
    public void endOpenLinks(String contactId) {
        resetTokens.revokeAllOfContact(contactId);
        activationTokens.revokeAllOfContact(contactId);
        events.publishEvent(new CredentialsEnded(contactId));
    }
}
