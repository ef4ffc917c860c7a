package org.credentialcourier.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.sql.LikePattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The invitations list: a page of invitations with their contacts' names and addresses, filtered by status and by a
 * search in name or email, and how many there are of each status. Written for 100 000 invitations and more:
 * <ul>
 * <li>the page is found first as ids only, in an order an index gives (V7: each sort column with the id), from the
 * invitations alone unless the order is the contact's; only then are the page's rows read with their contacts, so
 * that neither a deep page nor the join touches more than the page;</li>
 * <li>a search that matches few finds the contacts first, one that matches many checks the rows in the index's
 * order (see {@link #page});</li>
 * <li>the counts are one {@code GROUP BY} over the status index, or over the searched contacts' invitations.</li>
 * </ul>
 */
@Repository
public class InvitationList {

    /**
     * Name or email contains the search (case-insensitive), as {@code ContactRepository} searches contacts. A first
     * or last name that contains it makes "first last" contain it, so two conditions say what its four say.
     */
    private static final String SEARCH = """
            (s.email_key LIKE :q ESCAPE '\\' OR LOWER(s.first_name || ' ' || s.last_name) LIKE :q ESCAPE '\\')""";

    /** The invitations of the contacts that match: the contacts are read once, then their invitations by index. */
    private static final String SEARCHED_CONTACTS = "i.contact_id IN (SELECT s.id FROM contact s WHERE " + SEARCH + ")";

    /** The invitation's contact matches: checked row by row, in whatever order the rows are read. */
    private static final String SEARCHED_INVITATION =
            "EXISTS (SELECT 1 FROM contact s WHERE s.id = i.contact_id AND " + SEARCH + ")";

    /** From this many matches on, a search is read in the order's index (see {@link #page}). */
    static final long MANY = 2_000;

    private final JdbcClient jdbc;

    public InvitationList(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * A page: {@code status} and {@code q} may be null (no filter); {@code matching} is how many invitations match
     * both, as {@link #countsByStatus} counted them, which decides how a search is read:
     * <ul>
     * <li>a search that matches many (at least {@value #MANY}) is read in the index's order, each invitation checked
     * against its contact, so the first page is found after a few hundred rows;</li>
     * <li>one that matches few finds those contacts first and sorts their invitations: an index's order would read the
     * whole table to find them.</li>
     * </ul>
     */
    @Transactional(readOnly = true)
    public List<InvitationListItem> page(InvitationStatus status, String q, InvitationSort sort, int offset, int limit,
                                         long matching) {
        if (matching == 0 || offset >= matching) {
            return List.of();
        }
        return page(status, q, sort, offset, limit, matching >= MANY);
    }

    /** A page, a search read in the index's order or by its contacts first: the same rows either way. */
    List<InvitationListItem> page(InvitationStatus status, String q, InvitationSort sort, int offset, int limit,
                                  boolean searchInIndexOrder) {
        String pattern = LikePattern.containing(q);
        StringBuilder sql = new StringBuilder(sort.field().byContact()
                ? "SELECT i.id FROM contact c JOIN invitation i ON i.contact_id = c.id"
                : "SELECT i.id FROM invitation i");
        String glue = " WHERE ";
        if (status != null) {
            sql.append(glue).append("i.status = :status");
            glue = " AND ";
        }
        if (pattern != null) {
            sql.append(glue).append(searchInIndexOrder ? SEARCHED_INVITATION : SEARCHED_CONTACTS);
        }
        sql.append(sort.orderBy()).append(" OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY");
        var statement = jdbc.sql(sql.toString()).param("offset", offset).param("limit", limit);
        if (status != null) {
            statement = statement.param("status", status.name());
        }
        if (pattern != null) {
            statement = statement.param("q", pattern);
        }
        List<String> ids = statement.query(String.class).list();
        return ids.isEmpty() ? List.of() : rows(ids);
    }

    /** Every invitation id in the status that matches {@code q}, oldest first, at most {@code limit}: a whole tab. */
    @Transactional(readOnly = true)
    public List<String> ids(InvitationStatus status, String q, int limit) {
        String pattern = LikePattern.containing(q);
        var statement = jdbc.sql("SELECT i.id FROM invitation i WHERE i.status = :status"
                        + (pattern == null ? "" : " AND " + SEARCHED_CONTACTS)
                        + " ORDER BY i.created_at, i.id FETCH FIRST :limit ROWS ONLY")
                .param("status", status.name()).param("limit", limit);
        if (pattern != null) {
            statement = statement.param("q", pattern);
        }
        return statement.query(String.class).list();
    }

    /**
     * How many invitations of each status match {@code q} (every status, zeros too), in one query; without a search
     * it reads only the status index.
     */
    @Transactional(readOnly = true)
    public Map<InvitationStatus, Long> countsByStatus(String q) {
        String pattern = LikePattern.containing(q);
        Map<InvitationStatus, Long> counts = new EnumMap<>(InvitationStatus.class);
        for (InvitationStatus status : InvitationStatus.values()) {
            counts.put(status, 0L);
        }
        var statement = pattern == null
                ? jdbc.sql("SELECT i.status, COUNT(*) AS n FROM invitation i GROUP BY i.status")
                : jdbc.sql("SELECT i.status, COUNT(*) AS n FROM invitation i WHERE " + SEARCHED_CONTACTS
                        + " GROUP BY i.status").param("q", pattern);
        statement.query((ResultSet rs) -> {
            counts.put(InvitationStatus.valueOf(rs.getString("status")), rs.getLong("n"));
        });
        return counts;
    }

    /** The page's rows with their contacts, in the order of {@code ids}. */
    private List<InvitationListItem> rows(List<String> ids) {
        Map<String, Integer> position = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            position.put(ids.get(i), i);
        }
        return jdbc.sql("""
                        SELECT i.id, i.contact_id, c.email, c.first_name, c.last_name, i.status, i.created_at,
                               i.created_by, i.expires_at, i.accepted_at, i.ended_at, i.updated_at
                        FROM invitation i JOIN contact c ON c.id = i.contact_id WHERE i.id IN (:ids)""")
                .param("ids", ids).query(InvitationList::map).list().stream()
                .sorted(Comparator.comparing(item -> position.get(item.id())))
                .toList();
    }

    /** {@code %q%} with the LIKE wildcards of {@code q} escaped, so that {@code %} and {@code _} are searched for. */
    private static InvitationListItem map(ResultSet rs, int row) throws SQLException {
        return new InvitationListItem(rs.getString("id"), rs.getString("contact_id"), rs.getString("email"),
                rs.getString("first_name"), rs.getString("last_name"), InvitationStatus.valueOf(rs.getString("status")),
                instant(rs, "created_at"), rs.getString("created_by"), instant(rs, "expires_at"),
                instant(rs, "accepted_at"), instant(rs, "ended_at"), instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }
}
