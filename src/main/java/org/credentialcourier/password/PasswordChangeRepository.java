package org.credentialcourier.password;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.credentialcourier.password.PasswordChange.Status;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.system.sql.OneOpenRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PasswordChangeRepository {

    private final JdbcClient jdbc;
    private final OneOpenRow oneOpenRow;

    public PasswordChangeRepository(JdbcClient jdbc, OneOpenRow oneOpenRow) {
        this.jdbc = jdbc;
        this.oneOpenRow = oneOpenRow;
    }

    /**
     * Queues concurrent requests for the contact that may open a password change: call first, then check, then insert.
     */
    public void lockContact(String contactId) {
        oneOpenRow.lockContact(contactId);
    }

    /**
     * Records the change; false (and nothing written) when the contact has another open one, possibly of a concurrent
     * request not yet committed: constraint {@code uq_password_change_open_contact} holds the rule.
     */
    public boolean insert(PasswordChange change) {
        return oneOpenRow.tryOpen(() -> jdbc.sql("""
                INSERT INTO password_change (id, contact_id, delivery, status, requested_by, created_at, open_contact_id)
                VALUES (:id, :contactId, :delivery, :status, :requestedBy, :createdAt, :openContactId)""")
                .param("id", change.id()).param("contactId", change.contactId())
                .param("delivery", change.delivery().name()).param("status", change.status().name())
                .param("requestedBy", change.requestedBy()).param("createdAt", Timestamp.from(change.createdAt()))
                .param("openContactId", change.status() == Status.REQUESTED ? change.contactId() : null)
                .update());
    }

    /** The contact's open (requested, not yet done or abandoned) change, if any. */
    public Optional<PasswordChange> findOpenForContact(String contactId) {
        return jdbc.sql("SELECT * FROM password_change WHERE contact_id = :contactId AND status = :open")
                .param("contactId", contactId).param("open", Status.REQUESTED.name())
                .query(PasswordChangeRepository::map).list().stream().findFirst();
    }

    /** The contact's latest change, whatever its status. */
    public Optional<PasswordChange> findNewestForContact(String contactId) {
        return jdbc.sql("SELECT * FROM password_change WHERE contact_id = :contactId ORDER BY created_at DESC, id")
                .param("contactId", contactId).query(PasswordChangeRepository::map).list().stream().findFirst();
    }

    public Optional<PasswordChange> findById(String id) {
        return jdbc.sql("SELECT * FROM password_change WHERE id = :id").param("id", id)
                .query(PasswordChangeRepository::map).optional();
    }

    /** Ends the change; the contact may then have another (open_contact_id is cleared, see migration V8). */
    public void end(String id, Status status, Instant now) {
        jdbc.sql("UPDATE password_change SET status = :status, ended_at = :now, open_contact_id = NULL WHERE id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    private static PasswordChange map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        return new PasswordChange(rs.getString("id"), rs.getString("contact_id"),
                Delivery.valueOf(rs.getString("delivery")), Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant());
    }
}
