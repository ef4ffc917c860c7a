package org.credentialcourier.invitation;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.credentialcourier.system.sql.OneOpenRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class InvitationRepository {

    private final JdbcClient jdbc;
    private final OneOpenRow oneOpenRow;

    public InvitationRepository(JdbcClient jdbc, OneOpenRow oneOpenRow) {
        this.jdbc = jdbc;
        this.oneOpenRow = oneOpenRow;
    }

    /**
     * Queues concurrent requests for the contact that may open a invitation: call first, then check, then insert.
     */
    public void lockContact(String contactId) {
        oneOpenRow.lockContact(contactId);
    }

    /**
     * Records the invitation; false (and nothing written) when the contact has another open one, possibly of a
     * concurrent request not yet committed: constraint {@code uq_invitation_open_contact} holds the rule.
     */
    /** The portal the invitation's credentials open, by client id. */
    public void namePortal(String invitationId, String portalClientId) {
        jdbc.sql("UPDATE invitation SET portal_client_id = :portal WHERE id = :id")
                .param("portal", portalClientId).param("id", invitationId).update();
    }

    /** The portal the contact's newest invitation that names one names: where the contact's resets lead too. */
    public java.util.Optional<String> portalOfContact(String contactId) {
        return jdbc.sql("""
                        SELECT portal_client_id FROM invitation WHERE contact_id = :contactId
                        AND portal_client_id IS NOT NULL ORDER BY created_at DESC FETCH FIRST 1 ROWS ONLY""")
                .param("contactId", contactId).query(String.class).optional();
    }

    /** The client id of the portal the invitation names, if it names one. */
    public java.util.Optional<String> portalOf(String invitationId) {
        return jdbc.sql("SELECT portal_client_id FROM invitation WHERE id = :id").param("id", invitationId)
                .query((rs, row) -> java.util.Optional.ofNullable(rs.getString(1))).optional()
                .flatMap(portal -> portal);
    }

    public boolean insert(Invitation invitation) {
        return oneOpenRow.tryOpen(() -> jdbc.sql("""
                INSERT INTO invitation (id, contact_id, status, created_at, created_by, expires_at, updated_at,
                                        open_contact_id)
                VALUES (:id, :contactId, :status, :createdAt, :createdBy, :expiresAt, :updatedAt, :openContactId)""")
                .param("id", invitation.id()).param("contactId", invitation.contactId())
                .param("status", invitation.status().name())
                .param("createdAt", Timestamp.from(invitation.createdAt())).param("createdBy", invitation.createdBy())
                .param("expiresAt", Timestamp.from(invitation.expiresAt()))
                .param("updatedAt", Timestamp.from(invitation.updatedAt()))
                .param("openContactId", invitation.status().open() ? invitation.contactId() : null)
                .update());
    }

    public Optional<Invitation> findById(String id) {
        return jdbc.sql("SELECT * FROM invitation WHERE id = :id").param("id", id).query(InvitationRepository::map)
                .optional();
    }

    /** The contact's pending or failed invitation, if any (at most one is open at a time). */
    public Optional<Invitation> findOpenForContact(String contactId) {
        return jdbc.sql("""
                        SELECT * FROM invitation WHERE contact_id = :contactId AND %s
                        ORDER BY created_at DESC""".formatted(InvitationStatus.openIn("status")))
                .param("contactId", contactId).query(InvitationRepository::map).list().stream().findFirst();
    }

    public List<Invitation> forContact(String contactId) {
        return jdbc.sql("SELECT * FROM invitation WHERE contact_id = :contactId ORDER BY created_at, id")
                .param("contactId", contactId).query(InvitationRepository::map).list();
    }

    /**
     * Moves the invitation to {@code status}; {@code endedAt} is set for the end states, {@code acceptedAt} too.
     * Between open statuses (pending, failed) the invitation stays the contact's open one; an end state frees it.
     */
    public void updateStatus(String id, InvitationStatus status, Instant now) {
        String ends = status.open() ? "ended_at = NULL" : "ended_at = :now";
        String accepted = status == InvitationStatus.ACTIVE ? ", accepted_at = :now" : "";
        jdbc.sql("UPDATE invitation SET status = :status, updated_at = :now, " + ends + accepted + ", "
                        + openContactId(status) + " WHERE id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id)
                .update();
    }

    /**
     * A fresh start: pending again, with a new expiry. False (and nothing changed) when reopening an ended invitation
     * meets another open one of the contact.
     */
    public boolean restart(String id, Instant expiresAt, Instant now) {
        return oneOpenRow.tryOpen(() -> jdbc.sql("""
                UPDATE invitation SET status = :status, expires_at = :expiresAt, ended_at = NULL, updated_at = :now,
                """ + openContactId(InvitationStatus.PENDING) + " WHERE id = :id")
                .param("status", InvitationStatus.PENDING.name())
                .param("expiresAt", Timestamp.from(expiresAt)).param("now", Timestamp.from(now)).param("id", id)
                .update());
    }

    /** The one place that keeps {@code open_contact_id} in step with the status (see migration V8). */
    private static String openContactId(InvitationStatus status) {
        return "open_contact_id = " + (status.open() ? "contact_id" : "NULL");
    }

    public void recordEvent(String invitationId, InvitationEvent event) {
        jdbc.sql("""
                INSERT INTO invitation_event (invitation_id, event_type, actor, detail, occurred_at)
                VALUES (:invitationId, :type, :actor, :detail, :at)""")
                .param("invitationId", invitationId).param("type", event.type().name()).param("actor", event.actor())
                .param("detail", event.detail() == null || event.detail().length() <= 500 ? event.detail()
                        : event.detail().substring(0, 500))
                .param("at", Timestamp.from(event.occurredAt()))
                .update();
    }

    /** The invitation's latest event of {@code type}, if any. */
    public Optional<InvitationEvent> lastEvent(String invitationId, InvitationEvent.Type type) {
        return jdbc.sql("""
                        SELECT event_type, actor, detail, occurred_at FROM invitation_event
                        WHERE invitation_id = :id AND event_type = :type ORDER BY occurred_at DESC, id DESC
                        FETCH FIRST 1 ROWS ONLY""")
                .param("id", invitationId).param("type", type.name())
                .query((rs, row) -> new InvitationEvent(InvitationEvent.Type.valueOf(rs.getString("event_type")),
                        rs.getString("actor"), rs.getString("detail"), rs.getTimestamp("occurred_at").toInstant()))
                .optional();
    }

    public List<InvitationEvent> events(String invitationId) {
        return jdbc.sql("""
                        SELECT event_type, actor, detail, occurred_at FROM invitation_event
                        WHERE invitation_id = :id ORDER BY occurred_at, id""")
                .param("id", invitationId)
                .query((rs, row) -> new InvitationEvent(InvitationEvent.Type.valueOf(rs.getString("event_type")),
                        rs.getString("actor"), rs.getString("detail"), rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }

    private static Invitation map(ResultSet rs, int row) throws SQLException {
        return new Invitation(rs.getString("id"), rs.getString("contact_id"),
                InvitationStatus.valueOf(rs.getString("status")), instant(rs, "created_at"), rs.getString("created_by"),
                instant(rs, "expires_at"), instant(rs, "accepted_at"), instant(rs, "ended_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
