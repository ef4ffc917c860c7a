package org.credentialcourier.tracking;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * The delivery funnel, one read model for the bulk run page, the console's home, {@code GET /api/funnel} and the
 * {@code courier_funnel_*} metrics: of the emails the SMTP server accepted (sent), how many a delivery report said
 * were delivered, how many bounced for good, how many of those carrying a link had the link's page opened, the link
 * redeemed (a password chosen), and a sign-in after it; with the median time from sent to each later step. A link
 * opened and never redeemed, opened within {@link FunnelProperties#scannerWindow()} of its delivery (the delivery
 * report, or else the send), counts as a likely mail scanner, apart.
 * <p>
 * One attempt is one email: each attempt carries its own link (minted when it is sent), so a resend is counted as a
 * second email. Grouped by any of {@link Dimension}; the SQL has only bound parameters and the fixed expressions of the
 * dimensions.
 */
@Repository
public class DeliveryFunnel {

    /** What the funnel may be grouped by. */
    public enum Dimension {
        TEMPLATE("f.template"),
        /** The contact's language (as it is now). */
        LANGUAGE("f.language"),
        /** The recipient's domain, lower-cased. */
        DOMAIN("f.domain");

        private final String column;

        Dimension(String column) {
            this.column = column;
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Dimension> of(String code) {
            return Arrays.stream(values()).filter(d -> d.code().equals(code)).findFirst();
        }
    }

    /** The steps after "sent", in order. */
    public enum Step {
        DELIVERED, BOUNCED, OPENED, REDEEMED, SIGNED_IN;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * One group's funnel: {@code group} by dimension code ("template" → "invitation"), empty for the total; the counts
     * and the median time from sent to each step (absent when no email reached it).
     */
    public record Row(Map<String, String> group, long sent, long delivered, long bounced, long opened, long redeemed,
                      long signedIn, long likelyScanner, Map<Step, Duration> medians) {

        public long count(Step step) {
            return switch (step) {
                case DELIVERED -> delivered;
                case BOUNCED -> bounced;
                case OPENED -> opened;
                case REDEEMED -> redeemed;
                case SIGNED_IN -> signedIn;
            };
        }

        /** The share of the sent emails that reached {@code step}, in percent (0 when none was sent). */
        public long percent(Step step) {
            return sent == 0 ? 0 : Math.round(100.0 * count(step) / sent);
        }

        public String label() {
            return group.isEmpty() ? "all" : String.join(" · ", group.values());
        }
    }

    /** Which emails: those of one bulk run, or those sent since a moment. */
    public record Scope(String bulkRunId, Instant bulkRunStart, Instant since) {

        public static Scope bulkRun(String id, Instant startedAt) {
            return new Scope(id, startedAt, null);
        }

        public static Scope since(Instant since) {
            return new Scope(null, null, since);
        }
    }

    private static final List<String> ACTIVATION_TEMPLATES =
            List.of(InvitationProcess.INVITATION_TEMPLATE, InvitationProcess.REMINDER_TEMPLATE);
    private static final List<String> RESET_TEMPLATES = List.of(PasswordResetProcess.RESET_TEMPLATE);

    private final JdbcClient jdbc;
    private final FunnelProperties properties;

    public DeliveryFunnel(JdbcClient jdbc, FunnelProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /**
     * The funnel of the emails in {@code scope}, grouped by {@code groups} (none: one row, the total), the groups with
     * the most emails sent first, at most {@code limit}.
     */
    @Transactional(readOnly = true)
    public List<Row> of(Scope scope, List<Dimension> groups, int limit) {
        String keys = groups.stream().map(d -> d.column + " AS " + d.code()).collect(Collectors.joining(", "));
        String groupBy = groups.stream().map(d -> d.column).collect(Collectors.joining(", "));
        String where = scope.bulkRunId() != null
                ? """
                  m.created_at >= :start AND (m.invitation_id IN (SELECT i.invitation_id FROM bulk_item i
                                                                  WHERE i.bulk_id = :bulkId)
                       OR m.template IN (:resetTemplates) AND m.contact_id IN (SELECT i.contact_id FROM bulk_item i
                                                                               WHERE i.bulk_id = :bulkId))"""
                : "m.created_at >= :since";
        String sql = "SELECT " + (keys.isEmpty() ? "" : keys + ", ") + """
                       COUNT(*) AS sent, COUNT(f.delivered_at) AS delivered, COUNT(f.bounced_at) AS bounced,
                       COUNT(f.opened_at) AS opened, COUNT(f.redeemed_at) AS redeemed,
                       COUNT(f.signed_in_at) AS signed_in,
                       SUM(CASE WHEN f.opened_at IS NOT NULL AND f.redeemed_at IS NULL
                                 AND SCANNER_SECONDS <= :scannerSeconds THEN 1 ELSE 0 END) AS likely_scanner,
                       MEDIAN_DELIVERED AS to_delivered, MEDIAN_BOUNCED AS to_bounced, MEDIAN_OPENED AS to_opened,
                       MEDIAN_REDEEMED AS to_redeemed, MEDIAN_SIGNED_IN AS to_signed_in
                FROM (SELECT m.template, c.locale AS language, m.recipient_domain AS domain, m.created_at AS sent_at,
                             (SELECT MIN(e.occurred_at) FROM delivery_event e
                              WHERE e.mail_log_id = m.id AND e.kind = 'delivered') AS delivered_at,
                             CASE WHEN m.status = 'BOUNCED' THEN m.event_at END AS bounced_at,
                             COALESCE(a.first_opened_at, r.first_opened_at) AS opened_at,
                             COALESCE(a.used_at, r.used_at) AS redeemed_at,
                             COALESCE(a.signed_in_at, r.signed_in_at) AS signed_in_at
                      FROM mail_log m
                      JOIN contact c ON c.id = m.contact_id
                      LEFT JOIN activation_token a ON a.id = m.credential_id AND m.template IN (:activationTemplates)
                      LEFT JOIN reset_token r ON r.id = m.credential_id AND m.template IN (:resetTemplates)
                      WHERE m.channel = 'SMTP' AND m.status IN ('SENT', 'BOUNCED') AND """ + " " + where + """
                     ) f
                """ + (groupBy.isEmpty() ? "" : "GROUP BY " + groupBy + " ORDER BY sent DESC, " + groupBy)
                + " FETCH FIRST :limit ROWS ONLY";
        sql = sql.replace("SCANNER_SECONDS", seconds("COALESCE(f.delivered_at, f.sent_at)", "f.opened_at"))
                .replace("MEDIAN_DELIVERED", median("f.delivered_at")).replace("MEDIAN_BOUNCED", median("f.bounced_at"))
                .replace("MEDIAN_OPENED", median("f.opened_at")).replace("MEDIAN_REDEEMED", median("f.redeemed_at"))
                .replace("MEDIAN_SIGNED_IN", median("f.signed_in_at"));
        var statement = jdbc.sql(sql)
                .param("scannerSeconds", properties.scannerWindow().toMillis() / 1000.0)
                .param("activationTemplates", ACTIVATION_TEMPLATES).param("resetTemplates", RESET_TEMPLATES)
                .param("limit", limit);
        if (scope.bulkRunId() != null) {
            statement = statement.param("bulkId", scope.bulkRunId())
                    .param("start", Timestamp.from(scope.bulkRunStart()));
        } else {
            statement = statement.param("since", Timestamp.from(scope.since()));
        }
        return statement.query((rs, n) -> row(rs, groups)).list();
    }

    /**
     * Seconds from {@code from} to {@code to}, as a double: the same expression on H2 and PostgreSQL (whose
     * {@code PERCENTILE_CONT} takes a double, not the numeric {@code EXTRACT} gives).
     */
    private static String seconds(String from, String to) {
        return "CAST(EXTRACT(EPOCH FROM " + to + ") - EXTRACT(EPOCH FROM " + from + ") AS DOUBLE PRECISION)";
    }

    /** The median time from sending to the step's time (emails that reached it only: NULLs are left out). */
    private static String median(String at) {
        return "PERCENTILE_CONT(0.5) WITHIN GROUP (ORDER BY " + seconds("f.sent_at", at) + ")";
    }

    /** The total of the scope: one row. */
    public Row total(Scope scope) {
        return of(scope, List.of(), 1).get(0);
    }

    private static Row row(ResultSet rs, List<Dimension> groups) throws SQLException {
        Map<String, String> group = new LinkedHashMap<>();
        for (Dimension d : groups) {
            String value = rs.getString(d.code());
            group.put(d.code(), value == null ? "" : value);
        }
        Map<Step, Duration> medians = new LinkedHashMap<>();
        for (Step step : Step.values()) {
            double seconds = rs.getDouble("to_" + step.name().toLowerCase(Locale.ROOT));
            if (!rs.wasNull()) {
                medians.put(step, Duration.ofMillis(Math.round(seconds * 1000)));
            }
        }
        return new Row(group, rs.getLong("sent"), rs.getLong("delivered"), rs.getLong("bounced"),
                rs.getLong("opened"), rs.getLong("redeemed"), rs.getLong("signed_in"), rs.getLong("likely_scanner"),
                medians);
    }
}
