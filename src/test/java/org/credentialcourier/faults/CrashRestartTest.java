package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.credentialcourier.faults.Ledger.Count;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #6, test 3. The application is killed with SIGKILL in the middle of a bulk and started again: no invitation is
 * lost; an invitation is duplicated only where the SMTP server had accepted its email just before the crash and the
 * application had not yet recorded it as SENT. Each such case is listed with its mail log row and counted; the count
 * must stay under 0.5% of the bulk.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class CrashRestartTest {

    @Test
    void nothingIsLostAndOnlyMessagesInFlightAtTheCrashAreSentAgain() throws Exception {
        Faults.assumePostgres();
        int size = Faults.size(1000);
        try (FaultDatabase db = FaultDatabase.create("crash_restart");
             SmtpSink smtp = new SmtpSink();
             AppNode node = new AppNode("crash-restart", "node-a", db, smtp, Map.of())) {
            Ledger ledger = new Ledger(db, smtp);
            node.start();
            String bulk = Ledger.bulkInvite(node, "crash", size);
            Faults.await("40% of the bulk to reach the SMTP server", Duration.ofMinutes(5), Duration.ofMillis(100),
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() >= size * 2 / 5,
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() + " so far");
            int beforeCrash = smtp.byInvitation(Ledger.TEMPLATE).size();
            long chunksLeft = ledger.items(bulk, "QUEUED");
            Instant killedAt = node.kill();
            long lockedAtCrash = db.count("SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL");
            int acceptedAfterKill = (int) smtp.accepted().stream().filter(m -> m.at().isAfter(killedAt)).count();

            Instant restartAt = Instant.now();
            node.start();
            Instant ready = Instant.now();
            ledger.awaitDelivered(List.of(bulk), size, Duration.ofMinutes(8));
            Instant done = Instant.now();
            Instant firstAfter = smtp.accepted().stream().map(SmtpSink.Accepted::at).filter(at -> at.isAfter(ready))
                    .min(Instant::compareTo).orElse(null);

            Count count = ledger.count(List.of(bulk));
            List<String> explained = new ArrayList<>();
            List<String> unexplained = ledger.unexplainedDuplicates(count, killedAt.minusSeconds(10), killedAt,
                    explained);
            List<String> appSays = node.logLines("uplicate");

            List<String> details = ledger.duplicateDetails(count, node, List.of(node));
            new Faults.Figures("3. Crash and restart (" + size + " invitations, SIGKILL at 40%)")
                    .put("emails expected", size)
                    .put("received before the kill", beforeCrash)
                    .put("items still queued in the bulk at the kill", chunksLeft)
                    .put("jobs locked by the dead node", lockedAtCrash)
                    .put("accepted after the kill (must be 0)", acceptedAfterKill)
                    .put("delivered", count.delivered())
                    .put("duplicated", count.duplicated())
                    .put("duplicated, % of the bulk", String.format(java.util.Locale.ROOT, "%.2f %%",
                            100.0 * count.duplicated() / size))
                    .put("lost", count.lost())
                    .put("each duplicate (earlier copy accepted just before the kill, never recorded as SENT)",
                            explained)
                    .put("duplicates not explained by the crash", unexplained)
                    .put("application log lines on possible duplicates", appSays.size() + " " + appSays.stream()
                            .limit(3).toList())
                    .put("time to restart the node", Faults.seconds(Duration.between(restartAt, ready)))
                    .put("time to recover (restart ready to first email)",
                            firstAfter == null ? "-" : Faults.seconds(Duration.between(ready, firstAfter)))
                    .put("time to recover (kill to every email delivered and no job due)",
                            Faults.seconds(Duration.between(killedAt, done)))
                    .put("mail log rows by status", ledger.mailLog(List.of(bulk)))
                    .put("incidents", ledger.incidents())
                    .put("each duplicate: Message-ID, application log, what the member sees behind the links",
                            details)
                    .publish();

            assertThat(details).as("the newest copy's link works (200)").allMatch(d -> d.endsWith("of the last 200"));
            // the application knows each of them: the copies share one Message-ID and its log names the case
            assertThat(details).as("duplicates with one Message-ID").allMatch(d -> d.contains("one Message-ID"));
            assertThat(details).as("duplicates logged by the application").allMatch(d -> d.contains(", logged as"));

            assertThat(acceptedAfterKill).isZero();
            assertThat(count.lost()).as("invitations without an email").isZero();
            assertThat(unexplained).as("duplicates the crash does not explain").isEmpty();
            assertThat(count.duplicated() * 200).as("duplicates (x200) under 0.5% of " + size).isLessThan(size);
            assertThat(ledger.incidents()).as("incidents").isZero();
            assertThat(ledger.failedJobs()).as("failed jobs").isZero();
            assertThat(ledger.notPending(List.of(bulk))).as("invitations not pending").isEmpty();
            db.passed();
        }
    }
}
