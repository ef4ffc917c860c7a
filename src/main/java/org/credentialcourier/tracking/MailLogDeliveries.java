package org.credentialcourier.tracking;

import java.util.Optional;

import org.credentialcourier.mail.MailLogEntry.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The mail log as the retry sees it: an entry with the delivery ({@code mail-delivery} instance) that wrote it, and
 * which entry is the latest of a delivery or of an invitation.
 */
@Repository
public class MailLogDeliveries {

    private final JdbcClient jdbc;

    public MailLogDeliveries(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** An email of the mail log; {@code invitationId} and {@code deliveryId} may be null. */
    public record LoggedEmail(long id, String contactId, String invitationId, String template, Status status,
                              String deliveryId) {
    }

    public Optional<LoggedEmail> find(long id) {
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
        return jdbc.sql("SELECT MAX(id) FROM mail_log WHERE delivery_id = :deliveryId")
                .param("deliveryId", deliveryId).query(Long.class).single();
    }

    /** The id of the latest entry about the invitation, whichever its template (invitation, reminder). */
    public long latestOfInvitation(String invitationId) {
        return jdbc.sql("SELECT MAX(id) FROM mail_log WHERE invitation_id = :invitationId")
                .param("invitationId", invitationId).query(Long.class).single();
    }
}
