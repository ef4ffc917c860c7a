package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.Set;

import org.credentialcourier.faults.Ledger.Count;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue #6, test 1. Two application JVMs on different ports on one PostgreSQL database: a bulk of 2,000 invitations
 * reaches the SMTP server exactly once per contact (counted by {@code X-Courier-Invitation-Id}) with both nodes
 * executing jobs; then one node is killed with SIGKILL in the middle of a second bulk and the other completes
 * everything, the killed node's locked jobs included once their lock has expired.
 */
@Tag("faults")
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class TwoNodesTest {

    @Test
    void twoNodesSendEachInvitationOnceAndOneFinishesWhatTheOtherLeftWhenKilled() throws Exception {
        Faults.assumePostgres();
        int firstSize = Faults.size(2000);
        int secondSize = Faults.size(1000);
        try (FaultDatabase db = FaultDatabase.create("two_nodes");
             SmtpSink smtp = new SmtpSink();
             AppNode a = new AppNode("two-nodes", "node-a", db, smtp, Map.of());
             AppNode b = new AppNode("two-nodes", "node-b", db, smtp, Map.of())) {
            Ledger ledger = new Ledger(db, smtp);
            Instant startAt = Instant.now();
            a.start();
            b.start();
            Duration startup = Duration.between(startAt, Instant.now());

            // 1. both nodes, no fault: every contact gets exactly one invitation email
            String first = Ledger.bulkInvite(a, "first", firstSize);
            Duration firstTook = ledger.awaitDelivered(List.of(first), firstSize, Duration.ofMinutes(8));
            Count firstCount = ledger.count(List.of(first));
            Map<String, Long> firstJobs = ledger.jobsByNode();

            assertThat(firstCount.lost()).as("invitations of the first bulk without an email").isZero();
            assertThat(firstCount.duplicated()).as("duplicates in the first bulk: " + firstCount.duplicates())
                    .isZero();
            assertThat(firstCount.delivered()).isEqualTo(firstSize);
            assertThat(firstJobs).as("successful jobs per node").containsKeys("node-a", "node-b");
            assertThat(firstJobs.get("node-a")).isPositive();
            assertThat(firstJobs.get("node-b")).isPositive();
            assertThat(ledger.jobsExecutedTwice()).as("jobs that succeeded twice").isZero();

            // 2. a second bulk, asked of node b; node b is killed once 30% of it has gone out
            Set<String> firstIds = smtp.byInvitation(Ledger.TEMPLATE).keySet();
            String second = Ledger.bulkInvite(b, "second", secondSize);
            Faults.await("30% of the second bulk to reach the SMTP server", Duration.ofMinutes(5),
                    Duration.ofMillis(100),
                    () -> smtp.byInvitation(Ledger.TEMPLATE).size() - firstIds.size() >= secondSize * 3 / 10,
                    () -> (smtp.byInvitation(Ledger.TEMPLATE).size() - firstIds.size()) + " so far");
            int beforeKill = smtp.byInvitation(Ledger.TEMPLATE).size() - firstIds.size();
            Instant killedAt = b.kill();
            long lockedByB = db.count("SELECT COUNT(*) FROM act_ru_job WHERE lock_owner_ IS NOT NULL");

            Duration recovered = ledger.awaitDelivered(List.of(first, second), firstSize + secondSize,
                    Duration.ofMinutes(8));
            Duration killToDone = Duration.between(killedAt, Instant.now());
            Count all = ledger.count(List.of(first, second));
            Count secondCount = ledger.count(List.of(second));
            List<String> explained = new ArrayList<>();
            List<String> unexplained = ledger.unexplainedDuplicates(secondCount, killedAt.minusSeconds(10),
                    killedAt, explained);
            long nodeAAfterKill = db.count("SELECT COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 "
                    + "AND hostname_ = 'node-a' AND timestamp_ > ?", java.sql.Timestamp.from(killedAt));
            long nodeBAfterKill = db.count("SELECT COUNT(*) FROM act_hi_job_log WHERE job_state_ = 2 "
                    + "AND hostname_ = 'node-b' AND timestamp_ > ?", java.sql.Timestamp.from(killedAt));

            List<String> details = ledger.duplicateDetails(secondCount, a, List.of(a, b));
            new Faults.Figures("1. Two nodes (" + firstSize + " + " + secondSize + " invitations)")
                    .put("nodes started (both, one after the other)", Faults.seconds(startup))
                    .put("bulk 1: emails expected", firstSize)
                    .put("bulk 1: delivered", firstCount.delivered())
                    .put("bulk 1: duplicated", firstCount.duplicated())
                    .put("bulk 1: lost", firstCount.lost())
                    .put("bulk 1: time to deliver all", Faults.seconds(firstTook))
                    .put("bulk 1: successful jobs per node", firstJobs)
                    .put("jobs that succeeded twice", ledger.jobsExecutedTwice())
                    .put("bulk 2: emails expected", secondSize)
                    .put("bulk 2: received before node-b was killed (SIGKILL)", beforeKill)
                    .put("jobs still locked right after the kill", lockedByB)
                    .put("bulk 2: delivered", secondCount.delivered())
                    .put("bulk 2: duplicated", secondCount.duplicated())
                    .put("bulk 2: lost", secondCount.lost())
                    .put("bulk 2: duplicates explained by the kill", explained)
                    .put("time to recover (kill to every email delivered and no job due)", Faults.seconds(killToDone))
                    .put("jobs after the kill: node-a / node-b", nodeAAfterKill + " / " + nodeBAfterKill)
                    .put("successful jobs per node, total", ledger.jobsByNode())
                    .put("mail log rows of invitation emails by status", ledger.mailLog(List.of(first, second)))
                    .put("incidents", ledger.incidents())
                    .put("each duplicate: Message-ID, application log, what the member sees behind the links",
                            details)
                    .publish();

            assertThat(details).as("the newest copy's link works (200)").allMatch(d -> d.endsWith("of the last 200"));
            // the application knows each of them: the copies share one Message-ID and its log names the case
            assertThat(details).as("duplicates with one Message-ID").allMatch(d -> d.contains("one Message-ID"));
            assertThat(details).as("duplicates logged by the application").allMatch(d -> d.contains(", logged as"));

            assertThat(all.lost()).as("invitations without an email").isZero();
            assertThat(unexplained).as("duplicates the kill does not explain").isEmpty();
            // a node sends on at most max-pool-size (6) executor threads at once: no more can be caught mid-send
            assertThat(secondCount.duplicated()).as("duplicates after the kill").isLessThanOrEqualTo(6);
            assertThat(nodeBAfterKill).as("jobs of the killed node after its death").isZero();
            assertThat(nodeAAfterKill).isPositive();
            assertThat(ledger.incidents()).as("incidents").isZero();
            assertThat(ledger.failedJobs()).as("failed jobs").isZero();
            assertThat(ledger.notPending(List.of(first, second))).as("invitations not pending").isEmpty();
            db.passed();
        }
    }
}
