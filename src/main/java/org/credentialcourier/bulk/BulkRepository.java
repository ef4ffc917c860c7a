package org.credentialcourier.bulk;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.credentialcourier.invitation.InvitationStatus;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Bulk runs and their items. Items are written and updated in JDBC batches: a run may hold tens of thousands. */
@Repository
public class BulkRepository {

    private static final int BATCH = 1000;

    private final JdbcClient jdbc;
    private final NamedParameterJdbcTemplate named;

    public BulkRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    public void insertRun(BulkRun run) {
        jdbc.sql("""
                INSERT INTO bulk_run (id, action, source, total, imported, created_by, created_at, finished_at)
                VALUES (:id, :action, :source, :total, :imported, :createdBy, :createdAt, :finishedAt)""")
                .param("id", run.id()).param("action", run.action().name()).param("source", run.source().name())
                .param("total", run.total()).param("imported", run.imported()).param("createdBy", run.createdBy())
                .param("createdAt", Timestamp.from(run.createdAt()))
                .param("finishedAt", run.finishedAt() == null ? null : Timestamp.from(run.finishedAt()))
                .update();
    }

    public void insertItems(String bulkId, List<BulkItem> items) {
        for (int from = 0; from < items.size(); from += BATCH) {
            List<BulkItem> batch = items.subList(from, Math.min(items.size(), from + BATCH));
            SqlParameterSource[] rows = batch.stream().map(item -> itemParameters(bulkId, item))
                    .toArray(SqlParameterSource[]::new);
            named.batchUpdate("""
                    INSERT INTO bulk_item (bulk_id, seq, source_row, contact_id, invitation_id, label, outcome, reason,
                                           field, detail, contact_created)
                    VALUES (:bulkId, :seq, :sourceRow, :contactId, :invitationId, :label, :outcome, :reason, :field,
                            :detail, :contactCreated)""", rows);
        }
    }

    /** Records what a chunk did to its items (outcome, the invitation it made or touched, the reason of a skip). */
    public void updateItems(String bulkId, List<BulkItem> items) {
        SqlParameterSource[] rows = items.stream().map(item -> itemParameters(bulkId, item))
                .toArray(SqlParameterSource[]::new);
        named.batchUpdate("""
                UPDATE bulk_item SET outcome = :outcome, invitation_id = :invitationId, reason = :reason,
                                     field = :field, detail = :detail
                WHERE bulk_id = :bulkId AND seq = :seq""", rows);
    }

    public Optional<BulkRun> findRun(String id) {
        return jdbc.sql("SELECT * FROM bulk_run WHERE id = :id").param("id", id).query(BulkRepository::mapRun)
                .optional();
    }

    public List<BulkRun> recentRuns(int limit) {
        return jdbc.sql("SELECT * FROM bulk_run ORDER BY created_at DESC, id FETCH FIRST :limit ROWS ONLY")
                .param("limit", limit).query(BulkRepository::mapRun).list();
    }

    public void recordProcessInstance(String id, String processInstanceId) {
        jdbc.sql("UPDATE bulk_run SET process_instance_id = :pid WHERE id = :id")
                .param("pid", processInstanceId).param("id", id).update();
    }

    public void finish(String id, Instant at) {
        jdbc.sql("UPDATE bulk_run SET finished_at = :at WHERE id = :id AND finished_at IS NULL")
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** The next items waiting for their chunk, in the order of the request. */
    public List<BulkItem> nextQueued(String bulkId, int limit) {
        return jdbc.sql("""
                        SELECT * FROM bulk_item WHERE bulk_id = :id AND outcome = 'QUEUED'
                        ORDER BY seq FETCH FIRST :limit ROWS ONLY""")
                .param("id", bulkId).param("limit", limit).query(BulkRepository::mapItem).list();
    }

    public Map<BulkOutcome, Integer> countByOutcome(String bulkId) {
        Map<BulkOutcome, Integer> counts = new EnumMap<>(BulkOutcome.class);
        for (BulkOutcome outcome : BulkOutcome.values()) {
            counts.put(outcome, 0);
        }
        jdbc.sql("SELECT outcome, COUNT(*) AS n FROM bulk_item WHERE bulk_id = :id GROUP BY outcome")
                .param("id", bulkId)
                .query((rs, row) -> counts.put(BulkOutcome.valueOf(rs.getString("outcome")), rs.getInt("n")))
                .list();
        return counts;
    }

    /** How many of the run's items are skipped for each reason, in the reasons' order, as a dry run counts them. */
    public Map<SkipReason, Long> skippedByReason(String bulkId) {
        Map<SkipReason, Long> counts = new EnumMap<>(SkipReason.class);
        jdbc.sql("SELECT reason, COUNT(*) AS n FROM bulk_item WHERE bulk_id = :id AND outcome = 'SKIPPED'"
                        + " GROUP BY reason")
                .param("id", bulkId)
                .query((rs, row) -> counts.put(SkipReason.valueOf(rs.getString("reason")), rs.getLong("n")))
                .list();
        return counts;
    }

    /** The invitations this run made or resent whose delivery has failed since (an admin task waits for each). */
    public int failedDeliveries(String bulkId) {
        return jdbc.sql("""
                        SELECT COUNT(*) FROM bulk_item b JOIN invitation i ON i.id = b.invitation_id
                        WHERE b.bulk_id = :id AND b.outcome = 'DONE' AND i.status = 'FAILED'""")
                .param("id", bulkId).query(Integer.class).single();
    }

    public List<BulkItem> items(String bulkId, BulkOutcome outcome, int offset, int limit) {
        String where = outcome == null ? "" : " AND outcome = :outcome";
        var statement = jdbc.sql("SELECT * FROM bulk_item WHERE bulk_id = :id" + where
                        + " ORDER BY seq OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("id", bulkId).param("offset", offset).param("limit", limit);
        if (outcome != null) {
            statement = statement.param("outcome", outcome.name());
        }
        return statement.query(BulkRepository::mapItem).list();
    }

    // ---- lookups over contacts and invitations, a batch of ids at a time ----

    /** A contact as a bulk run needs to see it: its account and its open invitation, if any. */
    public record ContactState(String id, String email, String accountStatus, String openInvitationId,
                               String openInvitationStatus) {
    }

    /** An invitation as a bulk run needs to see it, with whether its contact has another one open. */
    public record InvitationState(String id, String contactId, String email, String status, String accountStatus,
                                  boolean otherOpen) {
    }

    public List<ContactState> contactsById(Collection<String> ids) {
        return inBatches(ids, batch -> jdbc.sql(CONTACT_STATE + " WHERE c.id IN (:ids)").param("ids", batch)
                .query(BulkRepository::mapContactState).list());
    }

    public List<ContactState> contactsByEmailKey(Collection<String> keys) {
        return inBatches(keys, batch -> jdbc.sql(CONTACT_STATE + " WHERE c.email_key IN (:keys)").param("keys", batch)
                .query(BulkRepository::mapContactState).list());
    }

    public List<InvitationState> invitationsById(Collection<String> ids) {
        return inBatches(ids, batch -> jdbc.sql(INVITATION_STATE + " WHERE i.id IN (:ids)")
                .param("ids", batch)
                .query(BulkRepository::mapInvitationState)
                .list());
    }

    /**
     * The latest invitation of each of the contacts (newest by creation time, then id, as the people directory shows
     * it): what "resend" or "cancel" for a ticked person acts on. A contact never invited has none.
     */
    public List<InvitationState> latestInvitationsOf(Collection<String> contactIds) {
        return inBatches(contactIds, batch -> jdbc.sql(INVITATION_STATE + " " + """
                        WHERE i.contact_id IN (:ids) AND NOT EXISTS (
                           SELECT 1 FROM invitation n WHERE n.contact_id = i.contact_id
                           AND (n.created_at > i.created_at OR (n.created_at = i.created_at AND n.id > i.id)))""")
                .param("ids", batch)
                .query(BulkRepository::mapInvitationState)
                .list());
    }

    /** Contact ids matching a filter, oldest first; {@code limit} bounds the answer. */
    public List<String> contactIdsMatching(String accountStatus, String locale, String q, int limit) {
        StringBuilder where = new StringBuilder(" WHERE 1 = 1");
        MapSqlParameterSource params = new MapSqlParameterSource("limit", limit);
        if (accountStatus != null) {
            where.append(" AND account_status = :status");
            params.addValue("status", accountStatus);
        }
        if (locale != null) {
            where.append(" AND locale = :locale");
            params.addValue("locale", locale);
        }
        if (q != null && !q.isBlank()) {
            where.append(" AND (LOWER(email) LIKE :q ESCAPE '\\' OR LOWER(first_name) LIKE :q ESCAPE '\\'"
                    + " OR LOWER(last_name) LIKE :q ESCAPE '\\')");
            params.addValue("q", "%" + q.strip().toLowerCase(java.util.Locale.ROOT)
                    .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
        return named.queryForList("SELECT id FROM contact" + where + " ORDER BY created_at, id FETCH FIRST :limit ROWS ONLY",
                params, String.class);
    }

    /** Invitation ids in a status, oldest first; {@code limit} bounds the answer. */
    public List<String> invitationIdsInStatus(String status, int limit) {
        return jdbc.sql("""
                        SELECT id FROM invitation WHERE status = :status ORDER BY created_at, id
                        FETCH FIRST :limit ROWS ONLY""")
                .param("status", status).param("limit", limit).query(String.class).list();
    }

    private static final String INVITATION_STATE = """
            SELECT i.id, i.contact_id, i.status, c.email, c.account_status,
                   (SELECT COUNT(*) FROM invitation o WHERE o.contact_id = i.contact_id AND o.id <> i.id
                      AND %s) AS other_open
            FROM invitation i JOIN contact c ON c.id = i.contact_id""".formatted(InvitationStatus.openIn("o.status"));

    private static final String CONTACT_STATE = """
            SELECT c.id, c.email, c.account_status, i.id AS invitation_id, i.status AS invitation_status
            FROM contact c LEFT JOIN invitation i ON i.contact_id = c.id AND %s""".formatted(InvitationStatus.openIn("i.status"));

    private interface BatchQuery<T> {
        List<T> run(List<String> batch);
    }

    private static <T> List<T> inBatches(Collection<String> values, BatchQuery<T> query) {
        List<String> all = List.copyOf(values);
        List<T> result = new ArrayList<>(all.size());
        for (int from = 0; from < all.size(); from += 500) {
            result.addAll(query.run(all.subList(from, Math.min(all.size(), from + 500))));
        }
        return result;
    }

    private static MapSqlParameterSource itemParameters(String bulkId, BulkItem item) {
        return new MapSqlParameterSource()
                .addValue("bulkId", bulkId).addValue("seq", item.seq()).addValue("sourceRow", item.sourceRow())
                .addValue("contactId", item.contactId()).addValue("invitationId", item.invitationId())
                .addValue("label", item.label()).addValue("outcome", item.outcome().name())
                .addValue("reason", item.reason() == null ? null : item.reason().name())
                .addValue("field", item.field())
                .addValue("detail", item.detail() == null || item.detail().length() <= 300 ? item.detail()
                        : item.detail().substring(0, 300))
                .addValue("contactCreated", item.contactCreated());
    }

    private static ContactState mapContactState(ResultSet rs, int row) throws SQLException {
        return new ContactState(rs.getString("id"), rs.getString("email"), rs.getString("account_status"),
                rs.getString("invitation_id"), rs.getString("invitation_status"));
    }

    private static InvitationState mapInvitationState(ResultSet rs, int row) throws SQLException {
        return new InvitationState(rs.getString("id"), rs.getString("contact_id"), rs.getString("email"),
                rs.getString("status"), rs.getString("account_status"), rs.getInt("other_open") > 0);
    }

    private static BulkRun mapRun(ResultSet rs, int row) throws SQLException {
        Timestamp finished = rs.getTimestamp("finished_at");
        return new BulkRun(rs.getString("id"), BulkAction.valueOf(rs.getString("action")),
                BulkSource.valueOf(rs.getString("source")), rs.getInt("total"), rs.getInt("imported"),
                rs.getString("created_by"), rs.getTimestamp("created_at").toInstant(),
                finished == null ? null : finished.toInstant(), rs.getString("process_instance_id"));
    }

    private static BulkItem mapItem(ResultSet rs, int row) throws SQLException {
        int sourceRow = rs.getInt("source_row");
        Integer source = rs.wasNull() ? null : sourceRow;
        String reason = rs.getString("reason");
        return new BulkItem(rs.getInt("seq"), source, rs.getString("contact_id"), rs.getString("invitation_id"),
                rs.getString("label"), BulkOutcome.valueOf(rs.getString("outcome")),
                reason == null ? null : SkipReason.valueOf(reason), rs.getString("field"), rs.getString("detail"),
                rs.getBoolean("contact_created"));
    }
}
