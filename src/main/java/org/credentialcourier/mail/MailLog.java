package org.credentialcourier.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.stereotype.Repository;

/**
 * The mail log: a row per attempt, written before the message leaves and completed with the server's answer. The one
 * repository of table {@code mail_log}: the dispatcher writes through it, the contact page and the retry read
 * through it.
 */
@Repository
public class MailLog {

    /** The sizes of the columns filled with text from outside (V1): a server's reply, its Message-ID, a subject. */
    public static final int MAX_REPLY = 1000;
    private static final int MAX_MESSAGE_ID = 200;
    private static final int MAX_SUBJECT = 300;
    private static final int MAX_RECIPIENT = 254;
    private static final int MAX_ACTOR = 100;
    /** Ends a text that was cut to fit its column (or a process variable). */
    public static final String TRUNCATED = " [truncated]";

    private final JdbcClient jdbc;
    private final Clock clock;

    public MailLog(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /**
     * What is known of a message before it is sent. {@code deliveryId}: the {@code mail-delivery} instance that sends
     * it, so that a failed email can be retried through its delivery; {@code null} outside that process.
     */
    public record Draft(String contactId, String invitationId, String template, Channel channel, String recipient,
                        String subject, int attempt, String actor, String deliveryId) {
    }

    public long open(Draft draft, Status status) {
        var now = Timestamp.from(clock.instant());
        var keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO mail_log (contact_id, invitation_id, template, channel, recipient, recipient_domain,
                                      subject, status, attempt, actor, delivery_id, created_at, updated_at)
                VALUES (:contactId, :invitationId, :template, :channel, :recipient, :domain, :subject, :status,
                        :attempt, :actor, :deliveryId, :now, :now)""")
                .param("contactId", draft.contactId()).param("invitationId", draft.invitationId())
                .param("template", draft.template()).param("channel", draft.channel().name())
                .param("recipient", bounded(draft.recipient(), MAX_RECIPIENT))
                .param("domain", domainOf(draft.recipient()))
                .param("subject", bounded(draft.subject(), MAX_SUBJECT))
                .param("status", status.name()).param("attempt", draft.attempt()).param("actor", bounded(draft.actor(), MAX_ACTOR))
                .param("deliveryId", draft.deliveryId()).param("now", now)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** The recipient's domain, lower-cased, as the funnel groups by it; null for an address without one. */
    static String domainOf(String recipient) {
        int at = recipient == null ? -1 : recipient.lastIndexOf('@');
        return at < 0 ? null : bounded(recipient.substring(at + 1).toLowerCase(java.util.Locale.ROOT), MAX_RECIPIENT);
    }

    public void complete(long id, Status status, String messageId, String smtpReply) {
        jdbc.sql("""
                UPDATE mail_log SET status = :status, message_id = :messageId, smtp_reply = :reply, updated_at = :now
                WHERE id = :id""")
                .param("status", status.name()).param("messageId", bounded(messageId, MAX_MESSAGE_ID))
                .param("reply", bounded(smtpReply, MAX_REPLY))
                .param("now", Timestamp.from(clock.instant())).param("id", id)
                .update();
    }

    /** An attempt that never reached a server (the application could not even try): not an email of the log. */
    public void delete(long id) {
        jdbc.sql("DELETE FROM mail_log WHERE id = :id AND status = 'QUEUED'").param("id", id).update();
    }

    /** Writes the Message-ID down before the message leaves: a repeated job finds the attempt by it. */
    public void recordMessageId(long id, String messageId) {
        recordMessageId(id, messageId, null);
    }

    /**
     * The same, with what the email is about ({@code subjectId} of its delivery, e.g. a reset's id), so that an event
     * heard of the attempt later (a bounce) reaches the process of that subject.
     */
    public void recordMessageId(long id, String messageId, String subjectId) {
        recordMessageId(id, messageId, subjectId, null);
    }

    /**
     * The same, with the link the attempt carries: the id of its token row ({@code activation_token} or
     * {@code reset_token}, by the template; null without a link), so that the funnel follows the link from the email
     * to its page, its redemption and the sign-in after it.
     */
    public void recordMessageId(long id, String messageId, String subjectId, Long credentialId) {
        jdbc.sql("UPDATE mail_log SET message_id = :messageId, subject_id = :subjectId, credential_id = :credentialId"
                        + " WHERE id = :id")
                .param("messageId", bounded(messageId, MAX_MESSAGE_ID)).param("subjectId", subjectId)
                .param("credentialId", credentialId).param("id", id).update();
    }

    /** What the email of entry {@code id} is about ({@code subjectId} of its delivery), null when unknown. */
    public String subjectOf(long id) {
        return jdbc.sql("SELECT subject_id FROM mail_log WHERE id = :id").param("id", id).query(String.class)
                .optional().orElse(null);
    }

    /** The newest row of the message with this Message-ID: a message repeated after a crash keeps its Message-ID. */
    public java.util.Optional<MailLogEntry> latestWithMessageId(String messageId) {
        return jdbc.sql("SELECT * FROM mail_log WHERE message_id = :messageId ORDER BY id DESC FETCH FIRST 1 ROWS ONLY")
                .param("messageId", messageId).query(MailLog::map).optional();
    }

    /**
     * Records what was heard of an attempt after the server's answer: the event's kind and reason on the row, and its
     * status when the event decides it ({@code BOUNCED}); {@code status} null keeps the status.
     */
    public void recordEvent(long id, String event, String reason, Status status, java.time.Instant at) {
        jdbc.sql("""
                UPDATE mail_log SET delivery_event = :event, event_reason = :reason, event_at = :at,
                                    status = COALESCE(:status, status), updated_at = :now
                WHERE id = :id""")
                .param("event", event).param("reason", bounded(reason, MAX_REPLY))
                .param("at", Timestamp.from(at)).param("status", status == null ? null : status.name())
                .param("now", Timestamp.from(clock.instant())).param("id", id)
                .update();
    }

    public List<MailLogEntry> forContact(String contactId) {
        return entriesWhere("contact_id", contactId);
    }

    public List<MailLogEntry> forInvitation(String invitationId) {
        return entriesWhere("invitation_id", invitationId);
    }

    /**
     * An email of the mail log as the retry sees it: with the delivery ({@code mail-delivery} instance) that wrote
     * it; {@code invitationId} and {@code deliveryId} may be null.
     */
    public record LoggedEmail(long id, String contactId, String invitationId, String template, Status status,
                              String deliveryId) {
    }

    /** The entry with this id, with the delivery that wrote it. */
    public java.util.Optional<LoggedEmail> find(long id) {
        return jdbc.sql("""
                        SELECT id, contact_id, invitation_id, template, status, delivery_id FROM mail_log
                        WHERE id = :id""")
                .param("id", id)
                .query((rs, row) -> new LoggedEmail(rs.getLong("id"), rs.getString("contact_id"),
                        rs.getString("invitation_id"), rs.getString("template"), Status.valueOf(rs.getString("status")),
                        rs.getString("delivery_id")))
                .optional();
    }

    /** The id of the latest entry (attempt or hand-over) of the delivery. */
    public long latestOfDelivery(String deliveryId) {
        return latestWhere("delivery_id", deliveryId);
    }

    /** The id of the latest entry about the invitation, whichever its template (invitation, reminder). */
    public long latestOfInvitation(String invitationId) {
        return latestWhere("invitation_id", invitationId);
    }

    /** {@code column}: one of this class's constant column names, never a caller's text. */
    private List<MailLogEntry> entriesWhere(String column, String value) {
        return jdbc.sql("SELECT * FROM mail_log WHERE " + column + " = :value ORDER BY created_at, id")
                .param("value", value).query(MailLog::map).list();
    }

    /** {@code column}: one of this class's constant column names, never a caller's text. */
    private long latestWhere(String column, String value) {
        return jdbc.sql("SELECT MAX(id) FROM mail_log WHERE " + column + " = :value")
                .param("value", value).query(Long.class).single();
    }

    /**
     * The text as it fits {@code max} characters: unchanged when it does, else cut and ended by {@link #TRUNCATED},
     * never in the middle of a surrogate pair (PostgreSQL refuses half a character). A server's reply has any length
     * it likes; its size must not decide whether an attempt can be recorded.
     */
    public static String bounded(String value, int max) {
        if (value == null || value.length() <= max) {
            return value;
        }
        int end = max - TRUNCATED.length();
        if (Character.isLowSurrogate(value.charAt(end)) && Character.isHighSurrogate(value.charAt(end - 1))) {
            end--;
        }
        return value.substring(0, end) + TRUNCATED;
    }

    private static MailLogEntry map(ResultSet rs, int row) throws SQLException {
        return new MailLogEntry(
                rs.getLong("id"), rs.getString("contact_id"), rs.getString("invitation_id"), rs.getString("template"),
                Channel.valueOf(rs.getString("channel")), rs.getString("recipient"), rs.getString("subject"),
                Status.valueOf(rs.getString("status")), rs.getInt("attempt"), rs.getString("message_id"),
                rs.getString("smtp_reply"), rs.getString("actor"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("delivery_event"), rs.getString("event_reason"),
                rs.getTimestamp("event_at") == null ? null : rs.getTimestamp("event_at").toInstant());
    }
}
