package org.credentialcourier.credential;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The contacts' portal passwords, kept only as hashes. */
@Service
public class AccountPasswords {

    private final JdbcClient jdbc;
    private final PasswordHasher hasher;
    private final Clock clock;

    public AccountPasswords(JdbcClient jdbc, PasswordHasher hasher, Clock clock) {
        this.jdbc = jdbc;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Stores the hash of a password the contact chose; any earlier password stops working. */
    @Transactional
    public void setChosenPassword(String contactId, String password) {
        var now = Timestamp.from(clock.instant());
        String hash = hasher.hash(password);
        int updated = jdbc.sql("""
                        UPDATE account_password SET password_hash = :hash, temporary = FALSE, valid_until = NULL,
                               changed_at = :now WHERE contact_id = :contactId""")
                .param("hash", hash).param("now", now).param("contactId", contactId).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO account_password (contact_id, password_hash, temporary, valid_until, changed_at)
                            VALUES (:contactId, :hash, FALSE, NULL, :now)""")
                    .param("contactId", contactId).param("hash", hash).param("now", now).update();
        }
    }

    /** Whether the password is the contact's current one (the member sign-in of a later issue builds on this). */
    @Transactional(readOnly = true)
    public boolean matches(String contactId, String password) {
        return jdbc.sql("SELECT password_hash FROM account_password WHERE contact_id = :contactId")
                .param("contactId", contactId).query(String.class).optional()
                .map(hash -> hasher.matches(password, hash))
                .orElse(false);
    }
}
