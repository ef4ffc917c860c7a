package org.credentialcourier.reset;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.credentialcourier.reset.PasswordReset.Status;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PasswordResetRepository {

    private final JdbcClient jdbc;

    public PasswordResetRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PasswordReset reset) {
        jdbc.sql("""
                INSERT INTO password_reset (id, contact_id, status, requested_by, created_at, expires_at)
                VALUES (:id, :contactId, :status, :requestedBy, :createdAt, :expiresAt)""")
                .param("id", reset.id()).param("contactId", reset.contactId()).param("status", reset.status().name())
                .param("requestedBy", reset.requestedBy()).param("createdAt", Timestamp.from(reset.createdAt()))
                .param("expiresAt", Timestamp.from(reset.expiresAt()))
                .update();
    }

    public Optional<PasswordReset> findById(String id) {
        return jdbc.sql("SELECT * FROM password_reset WHERE id = :id").param("id", id)
                .query(PasswordResetRepository::map).optional();
    }

    public List<PasswordReset> pendingForContact(String contactId) {
        return jdbc.sql("SELECT * FROM password_reset WHERE contact_id = :contactId AND status = 'PENDING'")
                .param("contactId", contactId).query(PasswordResetRepository::map).list();
    }

    /** Ends a pending request; false when it had ended already. */
    public boolean end(String id, Status status, Instant now) {
        return jdbc.sql("""
                        UPDATE password_reset SET status = :status, ended_at = :now
                        WHERE id = :id AND status = 'PENDING'""")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    private static PasswordReset map(ResultSet rs, int row) throws SQLException {
        return new PasswordReset(rs.getString("id"), rs.getString("contact_id"), Status.valueOf(rs.getString("status")),
                rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("expires_at").toInstant(),
                rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant());
    }
}
