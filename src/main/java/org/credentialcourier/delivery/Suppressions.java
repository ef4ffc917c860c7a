package org.credentialcourier.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.mail.MailLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The suppression list: addresses not to send to again, because an email to them bounced for good or their recipient
 * complained. A send to one goes straight to an admin (see {@link MailDispatcher#attempt}); an admin lifts it in the
 * console, and correcting a contact's address lifts the new address's, since the admin vouches for it. Each change is
 * recorded in the history of the contact with that address, so the audit page shows who lifted what.
 */
@Service
public class Suppressions {

    private static final Logger log = LoggerFactory.getLogger(Suppressions.class);

    /** A suppressed address: why (the bounce's status code and diagnostic, or the complaint) and since when. */
    public record Suppression(String email, String kind, String reason, Instant since) {

        /** The reason as the admin's task shows it. */
        public String sentence() {
            return "not sent: " + email + " is on the suppression list since " + since + " (" + kind + ": " + reason
                    + "); lift it in the console, or correct the address";
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ContactRepository contacts;
    private final ContactHistory history;

    public Suppressions(JdbcClient jdbc, Clock clock, ContactRepository contacts, ContactHistory history) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.contacts = contacts;
        this.history = history;
    }

    /** Suppresses the address (once: a second report keeps the first reason and date). */
    @Transactional
    public void suppress(String email, String kind, String reason, Long mailLogId) {
        String key = ContactRules.emailKey(email);
        if (find(key).isPresent()) {
            return;
        }
        jdbc.sql("""
                INSERT INTO suppressed_address (email_key, kind, reason, mail_log_id, suppressed_at)
                VALUES (:key, :kind, :reason, :mailLogId, :now)""")
                .param("key", MailLog.bounded(key, 254)).param("kind", kind)
                .param("reason", MailLog.bounded(reason, MailLog.MAX_REPLY)).param("mailLogId", mailLogId)
                .param("now", Timestamp.from(clock.instant())).update();
        contacts.findByEmail(key).ifPresent(contact -> history.record(contact.id(),
                ContactHistory.Type.ADDRESS_SUPPRESSED, "system", kind + ": " + reason));
        log.info("Suppressed {} ({}: {})", key, kind, reason);
    }

    @Transactional(readOnly = true)
    public Optional<Suppression> find(String email) {
        if (email == null) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT * FROM suppressed_address WHERE email_key = :key")
                .param("key", ContactRules.emailKey(email))
                .query((rs, row) -> new Suppression(rs.getString("email_key"), rs.getString("kind"),
                        rs.getString("reason"), rs.getTimestamp("suppressed_at").toInstant()))
                .optional();
    }

    /** Every suppressed address, newest first, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<Suppression> newestFirst(int limit) {
        return jdbc.sql("SELECT * FROM suppressed_address ORDER BY suppressed_at DESC, email_key FETCH FIRST "
                        + Math.max(1, limit) + " ROWS ONLY")
                .query((rs, row) -> new Suppression(rs.getString("email_key"), rs.getString("kind"),
                        rs.getString("reason"), rs.getTimestamp("suppressed_at").toInstant()))
                .list();
    }

    /** Lifts the address's suppression, recorded as {@code actor}'s with {@code why}; false when it had none. */
    @Transactional
    public boolean lift(String email, String actor, String why) {
        Optional<Suppression> existing = find(email);
        if (existing.isEmpty()) {
            return false;
        }
        jdbc.sql("DELETE FROM suppressed_address WHERE email_key = :key")
                .param("key", existing.get().email()).update();
        contacts.findByEmail(existing.get().email()).ifPresent(contact -> history.record(contact.id(),
                ContactHistory.Type.SUPPRESSION_LIFTED, actor, why + " (was " + existing.get().kind() + ": "
                        + existing.get().reason() + ")"));
        log.info("{} lifted the suppression of {}: {}", actor, existing.get().email(), why);
        return true;
    }
}
