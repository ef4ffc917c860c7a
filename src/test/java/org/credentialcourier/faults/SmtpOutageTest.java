package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.credentialcourier.faults.Ledger.Count;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #6, test 2. The SMTP server stops for a while during a bulk of 1,000 invitations (open conversations get
 * 421, new connections are refused) and comes back on the same port: every invitation is delivered after the
 * recovery, none lost, none duplicated, and the failed attempts are in the mail log. The retry delays are shortened
 * to {@code PT2S,PT3S,PT5S,PT10S} (20 s in all) and the outage lasts 8 s, so no delivery runs out of retries.
 */
@Tag("faults")
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class SmtpOutageTest {

    private static final Duration OUTAGE = Duration.ofSeconds(8);

    @Test
    void everyInvitationIsDeliveredOnceAfterTheSmtpServerComesBack() throws Exception {
        Faults.assumePostgres();
        int size = Faults.size(1000);
        try (FaultDatabase db = FaultDatabase.create("smtp_outage");
             SmtpSink smtp = new SmtpSink();
             AppNode node = new AppNode("smtp-outage", "node-a", db, smtp,
                     Map.of("courier.mail.retry-delays", "PT2S,PT3S,PT5S,PT10S"))) {
            Ledger ledger = new Ledger(db, smtp);
            node.start();
            String bulk = Ledger.bulkInvite(node, "outage", size);
            Faults.await("20% of the bulk to reach the SMTP server", Duration.ofMinutes(5), Duration.ofMillis(100),
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() >= size / 5,
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() + " so far");
            int beforeOutage = smtp.byInvitation(Ledger.TEMPLATE).size();
            Instant down = Instant.now();
            smtp.stop();
            Faults.sleep(OUTAGE);
            int duringOutage = smtp.byInvitation(Ledger.TEMPLATE).size() - beforeOutage;
            long failedDuringOutage = db.count("SELECT COUNT(*) FROM mail_log WHERE status = 'FAILED'");
            smtp.start();
            Instant up = Instant.now();

            ledger.awaitDelivered(List.of(bulk), size, Duration.ofMinutes(8));
            Duration recovery = Duration.between(up, Instant.now());
            Instant firstAfter = smtp.accepted().stream().map(SmtpSink.Accepted::at).filter(at -> at.isAfter(up))
                    .min(Instant::compareTo).orElse(null);
            Count count = ledger.count(List.of(bulk));
            Map<String, Long> mailLog = ledger.mailLog(List.of(bulk));
            long retried = db.count("""
                    SELECT COUNT(DISTINCT invitation_id) FROM mail_log WHERE template = ? AND status = 'FAILED'""",
                    Ledger.TEMPLATE);
            long maxAttempt = db.count("SELECT MAX(attempt) FROM mail_log WHERE template = ? AND status = 'SENT'",
                    Ledger.TEMPLATE);
            List<String> reasons = db.strings("""
                    SELECT split_part(smtp_reply, ':', 1) || ' (' || COUNT(*) || ')' FROM mail_log
                    WHERE status = 'FAILED' GROUP BY split_part(smtp_reply, ':', 1)""");
            long retriedAndSent = db.count("""
                    SELECT COUNT(*) FROM mail_log s WHERE s.status = 'SENT' AND s.template = ? AND EXISTS (
                      SELECT 1 FROM mail_log f WHERE f.invitation_id = s.invitation_id AND f.status = 'FAILED'
                      AND f.attempt < s.attempt)""", Ledger.TEMPLATE);

            new Faults.Figures("2. SMTP outage (" + size + " invitations, server down " + OUTAGE.toSeconds() + " s)")
                    .put("emails expected", size)
                    .put("received before the outage", beforeOutage)
                    .put("received during the outage", duringOutage)
                    .put("failed attempts logged during the outage", failedDuringOutage)
                    .put("delivered", count.delivered())
                    .put("duplicated", count.duplicated())
                    .put("lost", count.lost())
                    .put("invitations that needed a retry", retried)
                    .put("of them sent at a later attempt, with the failed ones before it in the mail log",
                            retriedAndSent)
                    .put("highest attempt that succeeded", maxAttempt)
                    .put("mail log rows by status", mailLog)
                    .put("failure kinds in the mail log", reasons)
                    .put("time to recover (server back to first email)",
                            firstAfter == null ? "-" : Faults.seconds(Duration.between(up, firstAfter)))
                    .put("time to recover (server back to every email delivered and no job due)",
                            Faults.seconds(recovery))
                    .put("outage", Faults.seconds(Duration.between(down, up)))
                    .put("incidents / open admin tasks", ledger.incidents() + " / " + ledger.openTasks())
                    .publish();

            assertThat(count.lost()).as("invitations without an email").isZero();
            assertThat(count.duplicated()).as("duplicates: " + count.duplicates()).isZero();
            assertThat(duringOutage).as("emails accepted while the server was down").isZero();
            assertThat(mailLog.getOrDefault("FAILED", 0L)).as("failed attempts in the mail log").isPositive();
            assertThat(retriedAndSent).as("retried invitations sent later").isEqualTo(retried);
            assertThat(mailLog.get("SENT")).as("SENT rows: one per invitation").isEqualTo(size);
            assertThat(ledger.openTasks()).as("deliveries handed to an admin").isZero();
            assertThat(ledger.incidents()).as("incidents").isZero();
            assertThat(ledger.notPending(List.of(bulk))).as("invitations not pending").isEmpty();
            db.passed();
        }
    }
}
