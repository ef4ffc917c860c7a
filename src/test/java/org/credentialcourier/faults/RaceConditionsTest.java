package org.credentialcourier.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.interceptor.Command;
import org.camunda.bpm.engine.impl.persistence.entity.JobEntity;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.ActivationTokens;
import org.credentialcourier.credential.TokenCheck.TokenState;
import org.credentialcourier.invitation.InvitationEvent;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.member.Activation;
import org.credentialcourier.member.PasswordLinkFlow.LinkProblem;
import org.credentialcourier.member.PasswordLinkFlow.Outcome;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Issue #6, test 6: races with a forced interleaving, on the suite's application (H2, and PostgreSQL in CI). One
 * party's transaction does its work and holds, uncommitted ({@link HeldTransaction}); the other party runs until it
 * waits for a row lock the first one holds (seen in the database's lock waits, not guessed with a sleep); then the
 * first commits and the second finishes. Each race is run in both orders where both make sense.
 */
@CourierTest
@Tag("faults")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RaceConditionsTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired InvitationRepository invitationRecords;
    @Autowired Activation activation;
    @Autowired ActivationTokens tokens;
    @Autowired AccountPasswords passwords;
    @Autowired ContactService contacts;
    @Autowired ProcessEngine engine;
    @Autowired ManagementService management;
    @Autowired PlatformTransactionManager transactions;
    @Autowired DataSource dataSource;
    @LocalServerPort int port;

    private final ExecutorService others = Executors.newCachedThreadPool();

    // ---- acceptance against the expiry timer ----

    @Test
    void acceptanceHeldWhileTheExpiryTimerFiresAcceptanceWins() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Job expiry = scenario.timer(invitation.getId(), Elements.INVITATION_EXPIRED);

        var acceptance = new HeldTransaction<>("acceptance", transactions,
                () -> activation.submit(token, PASSWORD, PASSWORD));
        assertThat(acceptance.awaitHeld().succeeded()).isTrue();
        Future<Throwable> timer = others.submit(() -> failureOf(() -> management.executeJob(expiry.getId())));
        HeldTransaction.awaitLockWaits(dataSource, 1);
        acceptance.commit();
        Throwable timerFailure = timer.get(60, TimeUnit.SECONDS);

        // H2: OptimisticLockingException; PostgreSQL: the engine finds the process instance gone while loading its
        // execution tree and fails otherwise (a NullPointerException in ExecutionEntity): either way it is rolled back
        assertThat(timerFailure).as("the expiry timer, having lost").isNotNull();
        assertAccepted(contact, invitation);
        figures("acceptance held, expiry timer waits", "accepted; timer: " + name(timerFailure));
    }

    @Test
    void expiryHeldWhileTheContactAcceptsExpiryWinsAndTheContactIsToldSo() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Job expiry = scenario.timer(invitation.getId(), Elements.INVITATION_EXPIRED);

        var timer = new HeldTransaction<>("expiry timer", transactions, () -> {
            management.executeJob(expiry.getId());
            return null;
        });
        timer.awaitHeld();
        Future<Outcome> acceptance = others.submit(() -> activation.submit(token, PASSWORD, PASSWORD));
        HeldTransaction.awaitLockWaits(dataSource, 1);
        timer.commit();
        Outcome outcome = acceptance.get(60, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.problem()).isEqualTo(LinkProblem.EXPIRED);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.NONE);
        assertThat(passwords.matches(contact.id(), PASSWORD)).as("a password was stored").isFalse();
        assertEnded(invitation, Elements.END_EXPIRED);
        figures("expiry held, acceptance waits", "expired; the contact sees " + outcome.problem());
    }

    // ---- resend against acceptance ----

    @Test
    void acceptanceHeldWhileAnAdminResendsAcceptanceWinsAndTheResendIsRefused() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        int mailsBefore = scenario.mailsTo(contact.email()).size();

        var acceptance = new HeldTransaction<>("acceptance", transactions,
                () -> activation.submit(token, PASSWORD, PASSWORD));
        assertThat(acceptance.awaitHeld().succeeded()).isTrue();
        Future<Http.Response> resend = others.submit(() -> Http.as(port, "demo", "demo")
                .postEmpty("/api/invitations/" + scenario.idOf(invitation) + "/resend"));
        HeldTransaction.awaitLockWaits(dataSource, 1);
        acceptance.commit();
        Http.Response answer = resend.get(60, TimeUnit.SECONDS);

        assertThat(answer.status()).as("the resend's answer: " + answer.body()).isEqualTo(409);
        assertAccepted(contact, invitation);
        assertThat(events(invitation)).doesNotContain(InvitationEvent.Type.RESENT.name());
        assertThat(scenario.mailsTo(contact.email())).hasSize(mailsBefore);
        figures("acceptance held, resend waits", "accepted; resend answered " + answer.status());
    }

    @Test
    void resendHeldWhileTheContactAcceptsWithTheOldLinkTheOldLinkIsReplacedAndTheNewOneWorks() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String oldToken = scenario.lastToken(contact.email());

        var resend = new HeldTransaction<>("resend", transactions,
                () -> invitations.resend(scenario.idOf(invitation), "demo"));
        resend.awaitHeld();
        Future<Outcome> acceptance = others.submit(() -> activation.submit(oldToken, PASSWORD, PASSWORD));
        HeldTransaction.awaitLockWaits(dataSource, 1);
        resend.commit();
        Outcome outcome = acceptance.get(60, TimeUnit.SECONDS);

        assertThat(outcome.succeeded()).isFalse();
        assertThat(outcome.problem()).isEqualTo(LinkProblem.REPLACED);
        assertThat(passwords.matches(contact.id(), PASSWORD)).isFalse();
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.PENDING);

        scenario.runDeliveryJob(scenario.delivery(invitation));
        String newToken = scenario.lastToken(contact.email());
        assertThat(newToken).isNotEqualTo(oldToken);
        assertThat(activation.submit(newToken, PASSWORD, PASSWORD).succeeded()).isTrue();
        assertAccepted(contact, invitation);
        figures("resend held, acceptance with the old link waits", "old link " + outcome.problem()
                + ", new link accepted");
    }

    // ---- many redemptions of one token ----

    @Test
    void fiftyParallelRedemptionsOfOneLinkExactlyOneSucceeds() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        int parties = 50;
        List<Http> browsers = new ArrayList<>();
        List<String> csrf = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            Http browser = Http.anonymousFrom("10.6.0." + (i + 1), port);
            Http.Response page = browser.get("/activate?token=" + token);
            assertThat(page.status()).isEqualTo(200);
            browsers.add(browser);
            csrf.add(page.csrfToken());
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Http.Response>> answers = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            Http browser = browsers.get(i);
            String password = PASSWORD + " " + i;
            String csrfToken = csrf.get(i);
            answers.add(others.submit(() -> {
                go.await();
                return browser.postForm("/activate", Map.of("_csrf", csrfToken, "token", token,
                        "password", password, "passwordConfirmation", password));
            }));
        }
        go.countDown();
        Map<Integer, Integer> statuses = new TreeMap<>();
        int winner = -1;
        for (int i = 0; i < parties; i++) {
            int status = answers.get(i).get(120, TimeUnit.SECONDS).status();
            statuses.merge(status, 1, Integer::sum);
            if (status == 200) {
                winner = i;
            }
        }

        assertThat(statuses.get(200)).as("successful redemptions, by status: " + statuses).isEqualTo(1);
        assertThat(statuses.keySet()).as("answers by status").containsOnly(200, 410);
        assertThat(passwords.matches(contact.id(), PASSWORD + " " + winner)).as("the winner's password").isTrue();
        assertAccepted(contact, invitation, PASSWORD + " " + winner);
        figures("50 parallel redemptions of one link (HTTP)", "answers by status " + statuses);
    }

    @Test
    void redemptionsThatAllSawTheLinkValidOnlyOneConsumesIt() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        // every party checks the link and submits inside a transaction held open before commit; the first to
        // consume holds, the others must be waiting for its row lock, having all seen the link valid
        int parties = 8;
        List<HeldTransaction<Outcome>> redemptions = new ArrayList<>();
        for (int i = 0; i < parties; i++) {
            String password = PASSWORD + " " + i;
            redemptions.add(new HeldTransaction<>("redemption-" + i, transactions, () -> {
                assertThat(tokens.check(token).state()).isEqualTo(TokenState.VALID);
                return activation.submit(token, password, password);
            }));
        }
        Faults.await("the first redemption to hold", Duration.ofSeconds(60), Duration.ofMillis(20),
                () -> redemptions.stream().anyMatch(HeldTransaction::holding), () -> "none holds");
        HeldTransaction.awaitLockWaits(dataSource, parties - 1);
        HeldTransaction<Outcome> first = redemptions.stream().filter(HeldTransaction::holding).findFirst()
                .orElseThrow(() -> new AssertionError("no redemption holds"));
        assertThat(redemptions.stream().filter(HeldTransaction::holding).count()).isEqualTo(1);
        first.commit();
        // the others go on at once: on PostgreSQL each one that re-checked the row keeps a lock on it until it ends
        redemptions.forEach(HeldTransaction::release);
        List<Outcome> outcomes = new ArrayList<>();
        for (HeldTransaction<Outcome> redemption : redemptions) {
            try {
                outcomes.add(redemption.commit());
            } catch (AssertionError e) {
                throw new AssertionError(e.getMessage() + "; sessions:" + HeldTransaction.sessions(dataSource), e);
            }
        }

        assertThat(outcomes.stream().filter(Outcome::succeeded).count()).isEqualTo(1);
        assertThat(outcomes.stream().filter(o -> !o.succeeded()).map(Outcome::problem))
                .containsOnly(LinkProblem.USED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertEnded(invitation, Elements.END_ACCEPTED);
        figures(parties + " redemptions, all past the check, " + (parties - 1) + " waiting on the first's lock",
                "1 succeeded, " + (parties - 1) + " told the link was used");
    }

    // ---- two nodes and one job ----

    @Test
    void twoNodesRacingToLockTheSameSendJobOnlyOneGetsItAndTheEmailGoesOutOnce() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        Job send = scenario.jobOf(attempt.delivery().getId());
        int mailsBefore = scenario.mailsTo(contact.email()).size();

        // node a's acquisition locks the job and holds; node b's acquisition read it unlocked and tries too
        var nodeA = new HeldTransaction<>("acquisition node-a", transactions, () -> lock(send.getId(), "node-a"));
        assertThat(nodeA.awaitHeld()).isTrue();
        Future<Throwable> nodeB = others.submit(() -> failureOf(() -> lock(send.getId(), "node-b")));
        HeldTransaction.awaitLockWaits(dataSource, 1);
        nodeA.commit();
        Throwable lost = nodeB.get(60, TimeUnit.SECONDS);
        // a third acquisition after the commit sees the lock and leaves the job alone
        boolean thirdGotIt = new org.springframework.transaction.support.TransactionTemplate(transactions)
                .execute(status -> lock(send.getId(), "node-c"));

        JobEntity locked = (JobEntity) management.createJobQuery().jobId(send.getId()).singleResult();
        assertThat(lost).as("node b's acquisition").isInstanceOf(OptimisticLockingException.class);
        assertThat(thirdGotIt).isFalse();
        assertThat(locked.getLockOwner()).isEqualTo("node-a");

        management.executeJob(send.getId());
        assertThat(scenario.mailsTo(contact.email())).hasSize(mailsBefore + 1);
        assertThat(management.createJobQuery().jobId(send.getId()).count()).isZero();
        figures("two acquisitions of one send job", "node-a locked it, node-b: " + name(lost)
                + ", a later node-c left it alone; 1 email");
    }

    /**
     * What the job executor's acquisition does to a job, for this job only: lock it for the owner unless someone
     * holds a lock that has not expired (an optimistic UPDATE on the job's revision, like AcquireJobsCmd's).
     */
    private boolean lock(String jobId, String owner) {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        return configuration.getCommandExecutorTxRequired().execute((Command<Boolean>) context -> {
            JobEntity job = context.getJobManager().findJobById(jobId);
            Date now = new Date();
            if (job == null || job.getLockOwner() != null && job.getLockExpirationTime().after(now)) {
                return false;
            }
            job.setLockOwner(owner);
            job.setLockExpirationTime(Date.from(Instant.now().plus(Duration.ofMinutes(5))));
            return true;
        });
    }

    // ---- helpers ----

    private void assertAccepted(Contact contact, ProcessInstance invitation) {
        assertAccepted(contact, invitation, PASSWORD);
    }

    private void assertAccepted(Contact contact, ProcessInstance invitation, String password) {
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.ACTIVE);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(passwords.matches(contact.id(), password)).isTrue();
        assertEnded(invitation, Elements.END_ACCEPTED);
        assertThat(events(invitation)).doesNotContain(InvitationEvent.Type.EXPIRED.name());
    }

    private void assertEnded(ProcessInstance invitation, String endEvent) {
        var history = engine.getHistoryService();
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(invitation.getId()).singleResult()
                .getEndTime()).as("the invitation's process ended").isNotNull();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(invitation.getId())
                .activityId(endEvent).count()).as("ended at " + endEvent).isEqualTo(1);
        assertThat(management.createJobQuery().processInstanceId(invitation.getId()).count()).isZero();
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(invitation.getId()).count())
                .isZero();
    }

    private List<String> events(ProcessInstance invitation) {
        return invitationRecords.events(scenario.idOf(invitation)).stream().map(e -> e.type().name()).toList();
    }

    private static Throwable failureOf(Runnable work) {
        try {
            work.run();
            return null;
        } catch (Throwable e) {
            return e;
        }
    }

    private static String name(Throwable e) {
        return e == null ? "no failure" : e.getClass().getSimpleName();
    }

    private static void figures(String race, String outcome) {
        new Faults.Figures("6. Race: " + race).put("outcome", outcome).publish();
    }
}
