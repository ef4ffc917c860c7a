package org.credentialcourier.faults;

import java.net.http.HttpRequest.BodyPublishers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.credentialcourier.faults.SmtpSink.Accepted;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.Http;

/**
 * The books of a fault test: the bulk runs it asked for, what the application's tables say about them (invitations,
 * mail log, jobs, incidents, the job log with the node of each job) and what the SMTP server received, counted by the
 * invitation id each invitation email carries ({@code X-Courier-Invitation-Id}).
 */
final class Ledger {

    static final String TEMPLATE = InvitationProcess.INVITATION_TEMPLATE;

    private final FaultDatabase db;
    private final SmtpSink smtp;

    Ledger(FaultDatabase db, SmtpSink smtp) {
        this.db = db;
        this.smtp = smtp;
    }

    /** {@code n} new contacts as CSV, addresses {@code <prefix>-<i>@faults.example.org}. */
    static String csv(String prefix, int n) {
        StringBuilder csv = new StringBuilder("email,firstName,lastName,locale\n");
        for (int i = 1; i <= n; i++) {
            csv.append(prefix).append('-').append(i).append("@faults.example.org,Fault,Contact")
                    .append(i % 2 == 0 ? ",en\n" : ",fr\n");
        }
        return csv.toString();
    }

    /** Imports {@code n} new contacts and invites them all ({@code POST /api/contacts/import?invite=true}). */
    static String bulkInvite(AppNode node, String prefix, int n) {
        Http.Response response = node.admin().post("/api/contacts/import?invite=true", "text/csv",
                BodyPublishers.ofString(csv(prefix, n)));
        if (response.status() != 202) {
            throw new AssertionError("Bulk import on " + node.name() + " answered " + response.status() + ": "
                    + response.body());
        }
        return response.json().get("id").asText();
    }

    /** The invitations the run made. */
    List<String> invitations(String bulkId) {
        return db.strings("SELECT invitation_id FROM bulk_item WHERE bulk_id = ? AND outcome = 'DONE' ORDER BY seq",
                bulkId);
    }

    long items(String bulkId, String outcome) {
        return db.count("SELECT COUNT(*) FROM bulk_item WHERE bulk_id = ? AND outcome = ?", bulkId, outcome);
    }

    boolean finished(String bulkId) {
        return db.count("SELECT COUNT(*) FROM bulk_run WHERE id = ? AND finished_at IS NOT NULL", bulkId) == 1;
    }

    /** Invitations of the runs that have no SENT invitation email in the mail log yet. */
    List<String> unsent(Collection<String> bulkIds) {
        return db.strings("""
                SELECT b.invitation_id FROM bulk_item b
                WHERE b.bulk_id = ANY (?) AND b.outcome = 'DONE' AND NOT EXISTS (
                    SELECT 1 FROM mail_log m WHERE m.invitation_id = b.invitation_id AND m.template = ?
                    AND m.status = 'SENT')
                ORDER BY b.invitation_id""", bulkIds.toArray(String[]::new), TEMPLATE);
    }

    /** Invitations of the runs the SMTP server has not received an invitation email for. */
    List<String> notReceived(Collection<String> bulkIds) {
        Map<String, List<Accepted>> received = smtp.byInvitation(TEMPLATE);
        List<String> missing = new ArrayList<>();
        for (String bulkId : bulkIds) {
            for (String invitation : invitations(bulkId)) {
                if (!received.containsKey(invitation)) {
                    missing.add(invitation);
                }
            }
        }
        return missing;
    }

    /**
     * Waits until every run has recorded its items as done ({@code expected} in all), each of their invitations has
     * a SENT row in the mail log and the SMTP server holds its email; then until no job is due or locked any more,
     * so that a late duplicate would still be counted.
     */
    Duration awaitDelivered(Collection<String> bulkIds, int expected, Duration max) {
        Duration took = Faults.await(expected + " invitation emails", max, Duration.ofSeconds(1),
                () -> bulkIds.stream().allMatch(this::finished)
                        && bulkIds.stream().mapToLong(id -> items(id, "DONE")).sum() == expected
                        && unsent(bulkIds).isEmpty() && notReceived(bulkIds).isEmpty(),
                () -> describe(bulkIds, expected));
        awaitQuiet(Duration.ofMinutes(2));
        return took;
    }

    /** No job due now and none locked: nothing more will happen on its own before the reminders are due. */
    void awaitQuiet(Duration max) {
        Faults.await("the job executors to fall quiet", max, Duration.ofSeconds(1),
                () -> db.count("""
                        SELECT COUNT(*) FROM act_ru_job
                        WHERE retries_ > 0 AND (duedate_ IS NULL OR duedate_ <= now() OR lock_owner_ IS NOT NULL)
                        """) == 0,
                () -> db.rows("""
                        SELECT handler_type_, COUNT(*) AS n, COUNT(lock_owner_) AS locked, MIN(duedate_) AS due
                        FROM act_ru_job WHERE retries_ > 0 AND (duedate_ IS NULL OR duedate_ <= now()
                        OR lock_owner_ IS NOT NULL) GROUP BY handler_type_""").toString());
    }

    String describe(Collection<String> bulkIds, int expected) {
        Map<String, Object> state = new LinkedHashMap<>();
        for (String bulkId : bulkIds) {
            state.put("run " + bulkId, db.rows("SELECT outcome, COUNT(*) AS n FROM bulk_item WHERE bulk_id = ? "
                    + "GROUP BY outcome", bulkId) + (finished(bulkId) ? " finished" : " not finished"));
        }
        state.put("expected", expected);
        List<String> unsent = unsent(bulkIds);
        state.put("without a SENT mail log row", unsent.size() + " e.g. " + first(unsent));
        List<String> notReceived = notReceived(bulkIds);
        state.put("not received by the SMTP server", notReceived.size() + " e.g. " + first(notReceived));
        state.put("jobs", db.rows("""
                SELECT handler_type_, retries_, COUNT(*) AS n, COUNT(lock_owner_) AS locked,
                       COUNT(exception_msg_) AS failed FROM act_ru_job GROUP BY handler_type_, retries_"""));
        state.put("incidents", db.rows("SELECT incident_msg_, COUNT(*) AS n FROM act_ru_incident "
                + "GROUP BY incident_msg_"));
        state.put("open user tasks", db.rows("SELECT name_, COUNT(*) AS n FROM act_ru_task GROUP BY name_"));
        return state.toString();
    }

    private static List<String> first(List<String> values) {
        return values.subList(0, Math.min(5, values.size()));
    }

    // ---- figures ----

    /** What happened to the invitation emails of the runs. */
    record Count(int expected, int delivered, int duplicated, int lost, Map<String, List<Accepted>> duplicates) {
    }

    Count count(Collection<String> bulkIds) {
        Map<String, List<Accepted>> received = smtp.byInvitation(TEMPLATE);
        int expected = 0;
        int delivered = 0;
        int duplicated = 0;
        int lost = 0;
        Map<String, List<Accepted>> duplicates = new LinkedHashMap<>();
        for (String bulkId : bulkIds) {
            for (String invitation : invitations(bulkId)) {
                expected++;
                List<Accepted> messages = received.getOrDefault(invitation, List.of());
                if (messages.isEmpty()) {
                    lost++;
                } else {
                    delivered++;
                }
                if (messages.size() > 1) {
                    duplicated += messages.size() - 1;
                    duplicates.put(invitation, messages);
                }
            }
        }
        return new Count(expected, delivered, duplicated, lost, duplicates);
    }

    long incidents() {
        return db.count("SELECT COUNT(*) FROM act_ru_incident");
    }

    long failedJobs() {
        return db.count("SELECT COUNT(*) FROM act_ru_job WHERE exception_msg_ IS NOT NULL OR retries_ = 0");
    }

    long openTasks() {
        return db.count("SELECT COUNT(*) FROM act_ru_task");
    }

    /** Invitations of the runs that are not pending (a delivery given up on, or anything else). */
    List<String> notPending(Collection<String> bulkIds) {
        return db.strings("""
                SELECT i.id || ' ' || i.status FROM invitation i JOIN bulk_item b ON b.invitation_id = i.id
                WHERE b.bulk_id = ANY (?) AND i.status <> 'PENDING'""", (Object) bulkIds.toArray(String[]::new));
    }

    /** Mail log rows of the invitation emails of the runs, by status. */
    Map<String, Long> mailLog(Collection<String> bulkIds) {
        return db.rows("""
                SELECT m.status, COUNT(*) AS n FROM mail_log m JOIN bulk_item b ON b.invitation_id = m.invitation_id
                WHERE b.bulk_id = ANY (?) AND m.template = ? GROUP BY m.status ORDER BY m.status""",
                bulkIds.toArray(String[]::new), TEMPLATE).stream()
                .collect(Collectors.toMap(row -> (String) row.get("status"), row -> ((Number) row.get("n")).longValue(),
                        (a, b) -> a, java.util.TreeMap::new));
    }

    /** Successful jobs per node (the Camunda host name in the job log). */
    Map<String, Long> jobsByNode() {
        return db.rows("SELECT hostname_, COUNT(*) AS n FROM act_hi_job_log WHERE job_state_ = 2 "
                        + "GROUP BY hostname_ ORDER BY hostname_").stream()
                .collect(Collectors.toMap(row -> String.valueOf(row.get("hostname_")),
                        row -> ((Number) row.get("n")).longValue(), (a, b) -> a, java.util.TreeMap::new));
    }

    /**
     * Jobs of process instances that succeeded more than once. The engine's history cleanup job is left out: it is one
     * job that succeeds again and again under the same id during its nightly window (01:00 to 05:00), so a run in that
     * window counted it as a duplicate.
     */
    long jobsExecutedTwice() {
        return db.count("""
                SELECT COUNT(*) FROM (SELECT job_id_ FROM act_hi_job_log
                                      WHERE job_state_ = 2 AND process_instance_id_ IS NOT NULL
                                      GROUP BY job_id_ HAVING COUNT(*) > 1) twice""");
    }

    /**
     * For each duplicated invitation: whether its copies share one Message-ID (a receiving server may drop the
     * repeat), whether the node's log calls it a possible duplicate, and what the member sees behind the link of the
     * first copy and of the last one ({@code GET /activate}, which consumes nothing): 200 the form, 404 an unknown
     * link, 410 a replaced one.
     */
    List<String> duplicateDetails(Count count, AppNode node, List<AppNode> logs) {
        List<String> details = new ArrayList<>();
        Http member = Http.anonymousFrom("10.66.0.1", node.port());
        List<String> flagged = new ArrayList<>();
        for (AppNode each : logs) {
            flagged.addAll(each.logLines("ossible duplicate"));
        }
        count.duplicates().forEach((invitation, messages) -> {
            Accepted first = messages.get(0);
            Accepted last = messages.get(messages.size() - 1);
            boolean sameId = messages.stream().map(Accepted::messageId).distinct().count() == 1;
            boolean logged = flagged.stream().anyMatch(line -> line.contains(invitation));
            details.add(invitation + ": " + messages.size() + " copies, " + (sameId ? "one Message-ID" : "different "
                    + "Message-IDs") + ", " + (logged ? "logged" : "not logged") + " as a possible duplicate by the "
                    + "application, link of the first copy " + member.get("/activate?token=" + first.token()).status()
                    + ", of the last " + member.get("/activate?token=" + last.token()).status());
        });
        return details;
    }

    /** The status of the mail log row that a received message names, or "no row" (rolled back with its job). */
    String mailLogStatus(Accepted message) {
        if (message.mailLogId() == null) {
            return "no mail log id";
        }
        List<String> status = db.strings("SELECT status FROM mail_log WHERE id = ?", Long.parseLong(message.mailLogId()));
        return status.isEmpty() ? "no row" : status.get(0);
    }

    /**
     * The duplicates that a crash explains: every earlier copy was accepted by the SMTP server within
     * {@code [from, to]} and the application never recorded it as SENT (the crash came between the server's 250 and
     * the commit). Returns the unexplained ones, described.
     */
    List<String> unexplainedDuplicates(Count count, Instant from, Instant to, List<String> explained) {
        List<String> unexplained = new ArrayList<>();
        count.duplicates().forEach((invitation, messages) -> {
            List<Accepted> earlier = messages.subList(0, messages.size() - 1);
            StringBuilder text = new StringBuilder(invitation);
            boolean ok = true;
            for (Accepted message : earlier) {
                String status = mailLogStatus(message);
                long beforeCrash = Duration.between(message.at(), to).toMillis();
                text.append(" [accepted ").append(beforeCrash).append(" ms before the fault ended, mail log ")
                        .append(message.mailLogId()).append(": ").append(status).append(']');
                ok &= !message.at().isBefore(from) && !message.at().isAfter(to) && !"SENT".equals(status);
            }
            (ok ? explained : unexplained).add(text.toString());
        });
        return unexplained;
    }
}
