package org.credentialcourier.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The people directory: every contact, invited or not, with its latest invitation; searched in name and email
 * (forgiving case and accents, {@link AccentFold}), filtered by account, latest invitation's status, language and
 * creation time, in an allow-listed order ({@link PeopleSort}), a page at a time, with the counts per account; and the
 * same rows streamed for an export, never held in memory all at once.
 * <p>
 * Every value from the request is a bound parameter; the SQL is assembled only from the fixed pieces below. The
 * latest invitation is the newest by creation time, then id, read per contact from its index (V9).
 */
@Repository
public class PeopleDirectory {

    /** Rows handed to the export per round trip: PostgreSQL streams with a fetch size inside a transaction. */
    static final int FETCH_SIZE = 500;

    private static final String LATEST_INVITATION = " " + """
            LEFT JOIN invitation i ON i.contact_id = c.id AND NOT EXISTS (
               SELECT 1 FROM invitation n WHERE n.contact_id = c.id
               AND (n.created_at > i.created_at OR (n.created_at = i.created_at AND n.id > i.id)))""";

    private static final String COLUMNS = """
            SELECT c.id, c.email, c.first_name, c.last_name, c.locale, c.account_status, c.created_at,
                   i.id AS invitation_id, i.status AS invitation_status, i.created_at AS invited_at,
                   COALESCE(i.ended_at, i.expires_at) AS invitation_ends
            FROM contact c""" + LATEST_INVITATION;

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    public PeopleDirectory(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
    }

    /** How many contacts match the filter but its account, for each account (every account, zeros too). */
    @Transactional(readOnly = true)
    public Map<AccountStatus, Long> countsByAccount(PeopleFilter filter) {
        Map<AccountStatus, Long> counts = new EnumMap<>(AccountStatus.class);
        for (AccountStatus account : AccountStatus.values()) {
            counts.put(account, 0L);
        }
        Query query = new Query(filter.anyAccount());
        jdbc.query("SELECT c.account_status, COUNT(*) AS n FROM contact c"
                        + (filter.invitation() == null ? "" : LATEST_INVITATION) + query.where
                        + " GROUP BY c.account_status", query.params,
                (ResultSet rs) -> {
                    counts.put(AccountStatus.valueOf(rs.getString("account_status")), rs.getLong("n"));
                });
        return counts;
    }

    /** The rows from {@code offset}, at most {@code limit}. */
    @Transactional(readOnly = true)
    public List<PeopleRow> page(PeopleFilter filter, PeopleSort sort, long offset, int limit) {
        Query query = new Query(filter);
        query.params.put("offset", offset);
        query.params.put("limit", limit);
        return jdbc.query(COLUMNS + query.where + sort.orderBy() + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY",
                query.params, PeopleDirectory::map);
    }

    /**
     * The ids of the matching contacts, in order, at most {@code limit}: "all N matching" of a bulk action, resolved
     * here so that it means exactly the people the page counts.
     */
    @Transactional(readOnly = true)
    public List<String> ids(PeopleFilter filter, PeopleSort sort, int limit) {
        Query query = new Query(filter);
        query.params.put("limit", limit);
        return jdbc.queryForList("SELECT c.id FROM contact c" + LATEST_INVITATION + query.where + sort.orderBy() + " FETCH FIRST :limit ROWS ONLY", query.params, String.class);
    }

    /** Every matching row, in order, one at a time: for an export of any size. */
    @Transactional(readOnly = true)
    public void forEach(PeopleFilter filter, PeopleSort sort, Consumer<PeopleRow> each) {
        Query query = new Query(filter);
        streaming.query(COLUMNS + query.where + sort.orderBy(), query.params,
                (ResultSet rs) -> {
                    each.accept(map(rs, rs.getRow()));
                });
    }

    /** The WHERE clause of a filter and its parameters. */
    private static final class Query {

        final Map<String, Object> params;
        final String where;

        Query(PeopleFilter filter) {
            Conditions conditions = new Conditions().nameOrEmail(filter.q())
                    .and("c.account_status = :account", "account",
                            filter.account() == null ? null : filter.account().name())
                    .and("i.status = :invitation", "invitation",
                            filter.invitation() == null ? null : filter.invitation().name())
                    .and("c.locale = :language", "language", filter.language())
                    .and("c.created_at >= :createdFrom", "createdFrom", Conditions.timestamp(filter.createdFrom()))
                    .and("c.created_at < :createdBefore", "createdBefore", Conditions.timestamp(filter.createdBefore()));
            params = conditions.params;
            where = conditions.where();
        }
    }

    private static PeopleRow map(ResultSet rs, int row) throws SQLException {
        String invitation = rs.getString("invitation_status");
        return new PeopleRow(rs.getString("id"), rs.getString("email"), rs.getString("first_name"),
                rs.getString("last_name"), rs.getString("locale"),
                AccountStatus.valueOf(rs.getString("account_status")), instant(rs, "created_at"),
                rs.getString("invitation_id"), invitation == null ? null : InvitationStatus.valueOf(invitation),
                instant(rs, "invited_at"), instant(rs, "invitation_ends"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
