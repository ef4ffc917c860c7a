package org.credentialcourier.password;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;

import org.credentialcourier.password.PasswordChange.Status;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class PasswordChangeRepository {

    private final JdbcClient jdbc;

    public PasswordChangeRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(PasswordChange change) {
        jdbc.sql("""
                INSERT INTO password_change (id, contact_id, delivery, status, requested_by, created_at)
                VALUES (:id, :contactId, :delivery, :status, :requestedBy, :createdAt)""")
                .param("id", change.id()).param("contactId", change.contactId())
                .param("delivery", change.delivery().name()).param("status", change.status().name())
                .param("requestedBy", change.requestedBy()).param("createdAt", Timestamp.from(change.createdAt()))
                .update();
    }

    public Optional<PasswordChange> findById(String id) {
        return jdbc.sql("SELECT * FROM password_change WHERE id = :id").param("id", id)
                .query((rs, row) -> new PasswordChange(rs.getString("id"), rs.getString("contact_id"),
                        Delivery.valueOf(rs.getString("delivery")), Status.valueOf(rs.getString("status")),
                        rs.getString("requested_by"), rs.getTimestamp("created_at").toInstant(),
                        rs.getTimestamp("ended_at") == null ? null : rs.getTimestamp("ended_at").toInstant()))
                .optional();
    }

    public void end(String id, Status status, Instant now) {
        jdbc.sql("UPDATE password_change SET status = :status, ended_at = :now WHERE id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }
}
