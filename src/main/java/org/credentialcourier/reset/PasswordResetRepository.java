package org.credentialcourier.reset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.credentialcourier.reset.PasswordReset.Status;
import org.credentialcourier.system.sql.OneOpenRow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PasswordResetRepository {

    private final JdbcClient jdbc;
    private final OneOpenRow oneOpenRow;

    public PasswordResetRepository(JdbcClient jdbc, OneOpenRow oneOpenRow) {
        this.jdbc = jdbc;
        this.oneOpenRow = oneOpenRow;
    }

    /**
     * Queues concurrent requests for the contact that may open a reset request: call first, then check, then insert.
     */
    public void lockContact(String contactId) {
        oneOpenRow.lockContact(contactId);
    }

    /**
     * Records the request; false (and nothing written) when the contact has another pending one, possibly of a
     * concurrent request not yet committed: constraint {@code uq_password_reset_open_contact} holds the rule.
     */
    public boolean insert(PasswordReset reset) {
        return oneOpenRow.tryOpen(() -> jdbc.sql("""
                INSERT INTO password_reset (id, contact_id, status, requested_by, created_at, expires_at,
                                            open_contact_id)
                VALUES (:id, :contactId, :status, :requestedBy, :createdAt, :expiresAt, :openContactId)""")
                .param("id", reset.id()).param("contactId", reset.contactId()).param("status", reset.status().name())
                .param("requestedBy", reset.requestedBy()).param("createdAt", Timestamp.from(reset.createdAt()))
                .param("expiresAt", Timestamp.from(reset.expiresAt()))
                .param("openContactId", reset.status() == Status.PENDING ? reset.contactId() : null)
                .update());
    }

    public Optional<PasswordReset> findById(String id) {
        return jdbc.sql("SELECT * FROM password_reset WHERE id = :id").param("id", id)
                .query(PasswordResetRepository::map).optional();
    }

    public List<PasswordReset> pendingForContact(String contactId) {
        return jdbc.sql("SELECT * FROM password_reset WHERE contact_id = :contactId AND status = :open")
                .param("contactId", contactId).param("open", Status.PENDING.name())
                .query(PasswordResetRepository::map).list();
    }

    /** Ends a pending request, which frees the contact for another (open_contact_id); false when it had ended. */
    public boolean end(String id, Status status, Instant now) {
        return jdbc.sql("""
                        UPDATE password_reset SET status = :status, ended_at = :now, open_contact_id = NULL
                        WHERE id = :id AND status = :open""")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id)
                .param("open", Status.PENDING.name()).update() == 1;
    }

    private static PasswordReset map(ResultSet rs, int row) throws SQLException {
        return new PasswordReset(rs.getString("id"), rs.getString("contact_id"), Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant());
    }
}
