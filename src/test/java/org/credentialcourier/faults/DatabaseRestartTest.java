package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.credentialcourier.faults.Ledger.Count;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #6, test 4. PostgreSQL restarts during a bulk: the node recovers on its own (no restart, no manual repair),
 * every invitation is delivered, no job ends as an incident. Needs the command that restarts the cluster in
 * {@code COURIER_TEST_PG_RESTART} (set by {@code .ci/postgres.sh}); skipped without it.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class DatabaseRestartTest {

    @Test
    void theNodeRecoversFromADatabaseRestartWithoutHelp() throws Exception {
        Faults.assumePostgres();
        String restart = System.getenv("COURIER_TEST_PG_RESTART");
        Assumptions.assumeTrue(restart != null && !restart.isBlank(),
                "COURIER_TEST_PG_RESTART (the command that restarts PostgreSQL) is not set");
        int size = Faults.size(600);
        try (FaultDatabase db = FaultDatabase.create("database_restart");
             SmtpSink smtp = new SmtpSink();
             AppNode node = new AppNode("database-restart", "node-a", db, smtp, Map.of())) {
            Ledger ledger = new Ledger(db, smtp);
            node.start();
            String bulk = Ledger.bulkInvite(node, "dbrestart", size);
            Faults.await("30% of the bulk to reach the SMTP server", Duration.ofMinutes(5), Duration.ofMillis(100),
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() >= size * 3 / 10,
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() + " so far");
            int beforeRestart = smtp.byInvitation(Ledger.TEMPLATE).size();

            Instant restartAt = Instant.now();
            String output = run(restart);
            Instant restarted = Instant.now();

            ledger.awaitDelivered(List.of(bulk), size, Duration.ofMinutes(8));
            Instant done = Instant.now();
            Instant firstAfter = smtp.accepted().stream().map(SmtpSink.Accepted::at)
                    .filter(at -> at.isAfter(restarted)).min(Instant::compareTo).orElse(null);
            Count count = ledger.count(List.of(bulk));
            List<String> explained = new ArrayList<>();
            List<String> unexplained = ledger.unexplainedDuplicates(count, restartAt.minusSeconds(10), restarted,
                    explained);
            long failedJobLogs = db.count("SELECT COUNT(*) FROM act_hi_job_log WHERE job_state_ = 1");
            int connectionErrors = node.logLines("onnection").size();

            List<String> details = ledger.duplicateDetails(count, node, List.of(node));
            new Faults.Figures("4. Database restart (" + size + " invitations, restart at 30%)")
                    .put("restart command", restart + (output.isBlank() ? "" : " -> " + output.strip()))
                    .put("restart took", Faults.seconds(Duration.between(restartAt, restarted)))
                    .put("emails expected", size)
                    .put("received before the restart", beforeRestart)
                    .put("delivered", count.delivered())
                    .put("duplicated", count.duplicated())
                    .put("lost", count.lost())
                    .put("duplicates explained by the restart (accepted while the commit could not happen)",
                            explained)
                    .put("duplicates not explained", unexplained)
                    .put("job failures in the job log (retried)", failedJobLogs)
                    .put("node log lines mentioning connections", connectionErrors)
                    .put("node still the same process (never restarted)", node.alive())
                    .put("time to recover (database back to first email)",
                            firstAfter == null ? "-" : Faults.seconds(Duration.between(restarted, firstAfter)))
                    .put("time to recover (database back to every email delivered and no job due)",
                            Faults.seconds(Duration.between(restarted, done)))
                    .put("mail log rows by status", ledger.mailLog(List.of(bulk)))
                    .put("incidents / open admin tasks", ledger.incidents() + " / " + ledger.openTasks())
                    .put("each duplicate: Message-ID, application log, what the member sees behind the links",
                            details)
                    .publish();

            assertThat(details).as("the newest copy's link works (200)").allMatch(d -> d.endsWith("of the last 200"));
            // the application knows each of them: the copies share one Message-ID and its log names the case
            assertThat(details).as("duplicates with one Message-ID").allMatch(d -> d.contains("one Message-ID"));
            assertThat(details).as("duplicates logged by the application").allMatch(d -> d.contains(", logged as"));

            assertThat(node.alive()).as("the node survived the database restart").isTrue();
            assertThat(count.lost()).as("invitations without an email").isZero();
            assertThat(unexplained).as("duplicates the restart does not explain").isEmpty();
            // only a send in flight when the database went away can be repeated: at most max-pool-size (6) of them
            assertThat(count.duplicated()).as("duplicates").isLessThanOrEqualTo(6);
            assertThat(ledger.incidents()).as("incidents").isZero();
            assertThat(ledger.failedJobs()).as("jobs out of retries").isZero();
            assertThat(ledger.openTasks()).as("deliveries handed to an admin").isZero();
            assertThat(ledger.notPending(List.of(bulk))).as("invitations not pending").isEmpty();
            db.passed();
        }
    }

    private static String run(String command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("'" + command + "' did not finish within 120 s");
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new AssertionError("'" + command + "' failed with " + process.exitValue() + ": " + output);
        }
        return output;
    }
}
