package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.credentialcourier.faults.Ledger.Count;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #6, test 5. An SMTP server that accepts connections and never answers: no executor thread waits longer than
 * the configured SMTP time-out (the mail log row of each attempt is opened before the connection and completed
 * after the failure), and no job outlives its lock (the lock expiry of each job, watched in ACT_RU_JOB while it runs,
 * is later than the moment its execution ended in the job log). Then the server answers again and every invitation
 * is delivered once.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SilentSmtpServerTest {

    private static final int TIMEOUT_MS = 3000;
    private static final int CONNECTION_TIMEOUT_MS = 2000;
    private static final int LOCK_MS = 30_000;
    private static final Duration SILENCE = Duration.ofSeconds(12);

    @Test
    void aServerThatNeverAnswersHoldsNoThreadBeyondTheTimeOutAndNoJobBeyondItsLock() throws Exception {
        Faults.assumePostgres();
        int size = 40;
        try (FaultDatabase db = FaultDatabase.create("silent_smtp");
             SmtpSink smtp = new SmtpSink();
             AppNode node = new AppNode("silent-smtp", "node-a", db, smtp, Map.of(
                     "spring.mail.properties.mail.smtp.connectiontimeout", Integer.toString(CONNECTION_TIMEOUT_MS),
                     "spring.mail.properties.mail.smtp.timeout", Integer.toString(TIMEOUT_MS),
                     "spring.mail.properties.mail.smtp.writetimeout", Integer.toString(TIMEOUT_MS),
                     "camunda.bpm.job-execution.lock-time-in-millis", Integer.toString(LOCK_MS),
                     "courier.mail.retry-delays", "PT2S,PT3S,PT5S,PT10S"))) {
            Ledger ledger = new Ledger(db, smtp);
            node.start();
            LockWatch watch = new LockWatch(db);
            smtp.mode(SmtpSink.Mode.SILENT);
            Instant silentFrom = Instant.now();
            String bulk = Ledger.bulkInvite(node, "silent", size);
            Faults.sleep(SILENCE);
            int connectionsWhileSilent = smtp.connections();
            // the clients that gave up on their own, before the server changed its mind
            List<Duration> waits = smtp.silentWaits();
            smtp.mode(SmtpSink.Mode.ANSWERING);
            Instant answering = Instant.now();
            ledger.awaitDelivered(List.of(bulk), size, Duration.ofMinutes(4));
            watch.stop();

            // every attempt that failed on the silent server: how long its thread was away in SMTP
            List<Map<String, Object>> attempts = db.rows("""
                    SELECT id, EXTRACT(EPOCH FROM (updated_at - created_at)) * 1000 AS waited_ms, smtp_reply
                    FROM mail_log WHERE status = 'FAILED' ORDER BY waited_ms DESC""");
            double longestWait = attempts.isEmpty() ? 0
                    : ((Number) attempts.get(0).get("waited_ms")).doubleValue();
            long timedOut = attempts.stream().filter(row -> String.valueOf(row.get("smtp_reply"))
                    .contains("timed out")).count();

            // every job execution that ended, against the lock it held while it ran
            List<String> outlived = new ArrayList<>();
            long compared = 0;
            long smallestMarginMs = Long.MAX_VALUE;
            for (Map<String, Object> end : db.rows("""
                    SELECT job_id_, timestamp_ FROM act_hi_job_log WHERE job_state_ IN (1, 2)""")) {
                Instant endedAt = ((Timestamp) end.get("timestamp_")).toInstant();
                Instant lockedUntil = watch.lockBefore((String) end.get("job_id_"), endedAt);
                if (lockedUntil == null) {
                    continue; // too quick to be seen locked
                }
                compared++;
                long margin = Duration.between(endedAt, lockedUntil).toMillis();
                smallestMarginMs = Math.min(smallestMarginMs, margin);
                if (margin <= 0) {
                    outlived.add(end.get("job_id_") + " ended " + (-margin) + " ms after its lock expired");
                }
            }
            Count count = ledger.count(List.of(bulk));
            long longestHeld = waits.stream().mapToLong(Duration::toMillis).max().orElse(0);

            new Faults.Figures("5. Silent SMTP server (" + size + " invitations, silent for " + SILENCE.toSeconds()
                    + " s)")
                    .put("SMTP time-outs (connection / read / write)", CONNECTION_TIMEOUT_MS + " / " + TIMEOUT_MS
                            + " / " + TIMEOUT_MS + " ms")
                    .put("job lock time", LOCK_MS + " ms")
                    .put("connections the silent server accepted", connectionsWhileSilent)
                    .put("attempts that failed on it (mail log)", attempts.size() + ", " + timedOut + " timed out")
                    .put("connections the client closed after waiting (seen by the server)", waits.size())
                    .put("longest a client held a silent connection (seen by the server)", longestHeld + " ms")
                    .put("longest attempt on it (mail log row opened to completed)", Math.round(longestWait) + " ms")
                    .put("job executions seen locked and compared with their lock", compared)
                    .put("smallest margin between a job's end and its lock expiry",
                            compared == 0 ? "-" : smallestMarginMs + " ms")
                    .put("jobs that outlived their lock", outlived)
                    .put("jobs that succeeded twice", ledger.jobsExecutedTwice())
                    .put("emails expected", size)
                    .put("delivered", count.delivered())
                    .put("duplicated", count.duplicated())
                    .put("lost", count.lost())
                    .put("time to recover (server answering to every email delivered)",
                            Faults.seconds(Duration.between(answering, Instant.now())))
                    .put("silent from", silentFrom)
                    .publish();

            assertThat(attempts).as("attempts that failed on the silent server").isNotEmpty();
            assertThat(waits).as("connections given up by the client while the server was silent").isNotEmpty();
            assertThat(longestHeld).as("longest wait on the silent server (ms)")
                    .isLessThan(TIMEOUT_MS + 2000L);
            assertThat(longestWait).as("longest wait in SMTP (ms)")
                    .isLessThan(TIMEOUT_MS + CONNECTION_TIMEOUT_MS + 2000.0).isLessThan(LOCK_MS);
            assertThat(compared).as("job executions compared with their lock").isPositive();
            assertThat(outlived).as("jobs that outlived their lock").isEmpty();
            assertThat(ledger.jobsExecutedTwice()).as("jobs that succeeded twice").isZero();
            assertThat(count.lost()).as("invitations without an email").isZero();
            assertThat(count.duplicated()).as("duplicates").isZero();
            assertThat(ledger.incidents()).as("incidents").isZero();
            db.passed();
        }
    }

    /** Watches ACT_RU_JOB every 100 ms and keeps, per job, every lock expiry it saw. */
    static final class LockWatch {
        private final Map<String, List<Instant>> locks = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread thread;

        LockWatch(FaultDatabase db) {
            thread = new Thread(() -> {
                try (Connection connection = db.connect(); PreparedStatement query = connection.prepareStatement(
                        "SELECT id_, lock_exp_time_ FROM act_ru_job WHERE lock_owner_ IS NOT NULL")) {
                    while (running.get()) {
                        try (ResultSet rs = query.executeQuery()) {
                            while (rs.next()) {
                                Instant until = rs.getTimestamp(2).toInstant();
                                List<Instant> seen = locks.computeIfAbsent(rs.getString(1),
                                        id -> new java.util.concurrent.CopyOnWriteArrayList<>());
                                if (!seen.contains(until)) {
                                    seen.add(until);
                                }
                            }
                        }
                        Thread.sleep(100);
                    }
                } catch (SQLException | InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }, "lock-watch");
            thread.setDaemon(true);
            thread.start();
        }

        /** The latest lock expiry seen for the job that was set before {@code endedAt} minus the lock time. */
        Instant lockBefore(String jobId, Instant endedAt) {
            List<Instant> seen = locks.get(jobId);
            if (seen == null) {
                return null;
            }
            // the lock held by this execution was taken before it ended: expiry - lock time < end
            return seen.stream().filter(until -> until.minusMillis(LOCK_MS).isBefore(endedAt))
                    .max(Instant::compareTo).orElse(null);
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(5000);
        }
    }
}
