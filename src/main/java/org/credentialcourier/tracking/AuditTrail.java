package org.credentialcourier.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.invitation.InvitationEvent;
import org.credentialcourier.portal.PortalHistory;
import org.credentialcourier.system.sql.LikePattern;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The audit across all admins: the contacts' credential history ({@code contact_event}) and the invitations' history
 * ({@code invitation_event}) as one list, newest first, filtered by who did it, what, to whom (name or email, as the
 * people directory searches) and when; a page at a time with its count, or streamed for an export.
 * <p>
 * The histories record who acted ({@code actor}: the admin, {@code system} for timers and jobs, {@code contact} for
 * what a member did) but nothing about adding a contact, which has no author column. Every value from the request is
 * a bound parameter; the SQL is assembled only from the fixed pieces below, and an action filter leaves out the
 * history that cannot hold it. The order is read from the indexes of V11.
 */
@Repository
public class AuditTrail {

    /** The action codes of invitations: {@code invitation-} and the event's code ({@code invitation-resent}). */
    public static final String INVITATION = "invitation-";
    public static final List<String> INVITATION_ACTIONS = Arrays.stream(InvitationEvent.Type.values())
            .map(type -> INVITATION + type.code()).toList();
    /** The action codes of the credential history: the event's code ({@code reset-link-requested}). */
    public static final List<String> ACCOUNT_ACTIONS = Arrays.stream(ContactHistory.Type.values())
            .map(ContactHistory.Type::code).toList();
    /** The action codes of the portals and the signing keys: the event's code ({@code portal-edited}). */
    public static final List<String> PORTAL_ACTIONS = Arrays.stream(PortalHistory.Type.values())
            .map(PortalHistory.Type::code).toList();
    public static final List<String> ACTIONS = Stream.of(INVITATION_ACTIONS, ACCOUNT_ACTIONS, PORTAL_ACTIONS)
            .flatMap(List::stream).toList();
    /** Admins offered by the filter's list, at most. */
    static final int MAX_ACTORS = 200;

    private static final String NO_SUBJECT = ", CAST(NULL AS VARCHAR(100)) AS subject";
    private static final String CONTACT_EVENTS = """
            SELECT 'c' AS source, e.id, e.event_type, e.actor, e.detail, e.occurred_at, c.id AS contact_id,
                   c.first_name, c.last_name, c.email, CAST(NULL AS VARCHAR(36)) AS invitation_id%s
            FROM contact_event e JOIN contact c ON c.id = e.contact_id""".formatted(NO_SUBJECT);
    private static final String INVITATION_EVENTS = """
            SELECT 'i' AS source, e.id, e.event_type, e.actor, e.detail, e.occurred_at, c.id AS contact_id,
                   c.first_name, c.last_name, c.email, i.id AS invitation_id%s
            FROM invitation_event e JOIN invitation i ON i.id = e.invitation_id JOIN contact c ON c.id = i.contact_id"""
            .formatted(NO_SUBJECT);
    /** What was done to a portal or a signing key: no contact, the portal's client id or the key's id instead. */
    private static final String PORTAL_EVENTS = """
            SELECT 'p' AS source, e.id, e.event_type, e.actor, e.detail, e.occurred_at,
                   CAST(NULL AS VARCHAR(36)) AS contact_id, CAST(NULL AS VARCHAR(200)) AS first_name,
                   CAST(NULL AS VARCHAR(200)) AS last_name, CAST(NULL AS VARCHAR(320)) AS email,
                   CAST(NULL AS VARCHAR(36)) AS invitation_id, e.subject
            FROM provider_event e""";
    private static final String NEWEST_FIRST = " ORDER BY occurred_at DESC, source DESC, id DESC";

    private final NamedParameterJdbcTemplate jdbc;
    private final NamedParameterJdbcTemplate streaming;

    public AuditTrail(NamedParameterJdbcTemplate jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        JdbcTemplate fetching = new JdbcTemplate(dataSource);
        fetching.setFetchSize(PeopleDirectory.FETCH_SIZE);
        this.streaming = new NamedParameterJdbcTemplate(fetching);
    }

    @Transactional(readOnly = true)
    public long count(AuditFilter filter) {
        Query query = new Query(filter);
        Long n = jdbc.queryForObject("SELECT COUNT(*) FROM (" + query.union + ") a", query.params, Long.class);
        return n == null ? 0 : n;
    }

    /** The lines from {@code offset}, at most {@code limit}, newest first. */
    @Transactional(readOnly = true)
    public List<AuditEntry> page(AuditFilter filter, long offset, int limit) {
        Query query = new Query(filter);
        query.params.put("offset", offset);
        query.params.put("limit", limit);
        return jdbc.query("SELECT * FROM (" + query.union + ") a" + NEWEST_FIRST
                + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY", query.params, AuditTrail::map);
    }

    /** Every matching line, newest first, one at a time: for an export of any size. */
    @Transactional(readOnly = true)
    public void forEach(AuditFilter filter, Consumer<AuditEntry> each) {
        Query query = new Query(filter);
        streaming.query("SELECT * FROM (" + query.union + ") a" + NEWEST_FIRST, query.params,
                (ResultSet rs) -> {
                    each.accept(map(rs, rs.getRow()));
                });
    }

    /** Who appears in the histories, A–Z: the admin filter's choices. */
    @Transactional(readOnly = true)
    public List<String> actors() {
        return jdbc.getJdbcTemplate().queryForList("""
                SELECT actor FROM contact_event UNION SELECT actor FROM invitation_event
                UNION SELECT actor FROM provider_event
                ORDER BY actor FETCH FIRST %d ROWS ONLY""".formatted(MAX_ACTORS), String.class);
    }

    /** The union of the histories the filter can match, each with the filter's conditions, and its parameters. */
    private static final class Query {

        final Map<String, Object> params;
        final String union;

        Query(AuditFilter filter) {
            String action = filter.action();
            if (action != null && !ACTIONS.contains(action)) {
                throw new IllegalArgumentException("Not an action of the audit: " + action);
            }
            boolean invitation = action != null && INVITATION_ACTIONS.contains(action);
            boolean portal = action != null && PORTAL_ACTIONS.contains(action);
            Conditions conditions = new Conditions().nameOrEmail(filter.q())
                    .and("e.actor = :actor", "actor", filter.actor())
                    .and("e.occurred_at >= :from", "from", Conditions.timestamp(filter.from()))
                    .and("e.occurred_at < :before", "before", Conditions.timestamp(filter.before()))
                    .and("e.event_type = :type", "type", action == null ? null
                            : (invitation ? action.substring(INVITATION.length()) : action)
                                    .toUpperCase(Locale.ROOT).replace('-', '_'));
            // a portal or a key has no name or email: the search looks at its client id or key id
            Conditions portalConditions = new Conditions()
                    .and("LOWER(e.subject) LIKE :portalQ ESCAPE '\\'", "portalQ",
                            LikePattern.containing(AccentFold.fold(filter.q())))
                    .and("e.actor = :portalActor", "portalActor", filter.actor())
                    .and("e.occurred_at >= :portalFrom", "portalFrom", Conditions.timestamp(filter.from()))
                    .and("e.occurred_at < :portalBefore", "portalBefore", Conditions.timestamp(filter.before()))
                    .and("e.event_type = :portalType", "portalType", action == null ? null
                            : action.toUpperCase(Locale.ROOT).replace('-', '_'));
            params = conditions.params;
            params.putAll(portalConditions.params);
            String where = conditions.where();
            String portalWhere = portalConditions.where();
            union = action == null ? CONTACT_EVENTS + where + " UNION ALL " + INVITATION_EVENTS + where
                    + " UNION ALL " + PORTAL_EVENTS + portalWhere
                    : portal ? PORTAL_EVENTS + portalWhere
                    : (invitation ? INVITATION_EVENTS : CONTACT_EVENTS) + where;
        }
    }

    private static AuditEntry map(ResultSet rs, int row) throws SQLException {
        String type = rs.getString("event_type").toLowerCase(Locale.ROOT).replace('_', '-');
        return new AuditEntry(rs.getTimestamp("occurred_at").toInstant(), rs.getString("actor"),
                "i".equals(rs.getString("source")) ? INVITATION + type : type, rs.getString("contact_id"),
                rs.getString("first_name"), rs.getString("last_name"), rs.getString("email"),
                rs.getString("invitation_id"), rs.getString("detail"), rs.getString("subject"));
    }
}
