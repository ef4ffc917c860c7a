package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.system.sql.OneOpenRow;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Issue 13, case 12: "at most one open row per contact" held by the database, not by a check that 16 concurrent
 * requests all pass. Each rule is raced by 16 requests released together: exactly one wins, the others get the
 * refusal a later request gets, and only the winner's row, process and email exist.
 */
@CourierTest
class OneOpenRuleRaceTest {

    private static final int RACERS = 16;

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired JdbcClient jdbc;
    @Autowired RuntimeService runtime;
    @Autowired ManagementService management;
    @Autowired FormService forms;
    @Autowired RepositoryService repository;
    @Autowired IdentityService identity;
    @Autowired PlatformTransactionManager transactions;
    @Autowired OneOpenRow oneOpenRow;
    @Autowired javax.sql.DataSource dataSource;

    @Test
    void concurrentInvitationsOfOneContactOverRestOpenOne() throws Exception {
        Contact contact = scenario.newContact();

        List<Integer> statuses = race(i -> () -> Http.as(port, "demo", "demo")
                .postJson("/api/invitations", Map.of("contactId", contact.id())).status());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertOneOpenAndOneEmail("invitation", "status IN ('PENDING', 'FAILED')", contact);
        assertThat(scenario.lastToken(contact.email())).isNotBlank();
    }

    /**
     * A request that waits past the database's lock timeout for the contact (another request holds it long, the
     * machine is loaded) is told to try again: a {@link BusyException}, which every door answers as 409 with nothing
     * written, instead of the database's error (seen as an exception out of Tasklist's start form under a load average
     * of 23, where H2's lock timeout was its default second).
     */
    @Test
    void aContactHeldLockedPastTheLockTimeoutIsBusy() throws Exception {
        Contact contact = scenario.newContact();
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            Future<?> held = holder.submit(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                oneOpenRow.lockContact(contact.id());
                locked.countDown();
                try {
                    release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            assertThat(locked.await(30, TimeUnit.SECONDS)).isTrue();
            boolean postgres;
            try (java.sql.Connection connection = dataSource.getConnection()) {
                postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            }

            assertThatThrownBy(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                jdbc.sql(postgres ? "SET LOCAL lock_timeout = '300ms'" : "SET LOCK_TIMEOUT 300").update();
                try {
                    oneOpenRow.lockContact(contact.id());
                } finally {
                    if (!postgres) {
                        jdbc.sql("SET LOCK_TIMEOUT 10000").update();
                    }
                }
            })).isInstanceOf(BusyException.class).hasMessageContaining("right now");

            release.countDown();
            held.get(30, TimeUnit.SECONDS);
        } finally {
            release.countDown();
            holder.shutdownNow();
        }
    }

    @Test
    void concurrentInvitationsFromTasklistAndRestOpenOne() throws Exception {
        Contact contact = scenario.newContact();
        String definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(InvitationProcess.PROCESS_KEY).latestVersion().singleResult().getId();

        List<Integer> statuses = race(i -> i % 2 == 0
                ? () -> Http.as(port, "demo", "demo").postJson("/api/invitations", Map.of("contactId", contact.id()))
                .status()
                : () -> startForm(definition, Map.of(InvitationProcess.Vars.CONTACT_EMAIL, contact.email())));

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertOneOpenAndOneEmail("invitation", "status IN ('PENDING', 'FAILED')", contact);
    }

    @Test
    void concurrentPasswordChangesOfOneContactOpenOne() throws Exception {
        Contact contact = scenario.activeContact();

        List<Integer> statuses = race(i -> () -> Http.as(port, "demo", "demo")
                .postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "email")).status());

        assertThat(statuses).containsOnly(201, 409);
        assertThat(statuses).filteredOn(status -> status == 201).hasSize(1);
        assertThat(openRows("password_change", "status = 'REQUESTED'", contact)).isEqualTo(1L);
        // the winner's new password is emailed; no loser left a process, a password or an email behind
        assertThat(runJobsOf("password_change", contact)).isEqualTo(1);
        assertThat(sentWithTemplate(contact, PasswordChangeProcess.NEW_PASSWORD_TEMPLATE)).isEqualTo(1);

        // afterwards, a change is possible again
        assertThat(Http.as(port, "demo", "demo").postJson("/api/contacts/" + contact.id() + "/password",
                Map.of("delivery", "email")).status()).isEqualTo(201);
    }

    @Test
    void secondPasswordChangeWhileOneIsOpenIsAConflictNamingIt() {
        Contact contact = scenario.activeContact();
        Http admin = Http.as(port, "demo", "demo");
        var first = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "email"));
        assertThat(first.status()).isEqualTo(201);

        var second = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "manual"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("field").asText()).isEqualTo("contactId");
        assertThat(second.json().get("passwordChangeId").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().has("password")).isFalse();
    }

    @Test
    void concurrentResetRequestsOfOneContactLeaveOnePendingAndOneEmail() throws Exception {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        String definition = repository.createProcessDefinitionQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).latestVersion().singleResult().getId();

        // Tasklist's "Send a password reset link": the REST door shares the per-address limit of 5 with the page
        List<Integer> statuses = race(i -> () -> startForm(definition,
                Map.of(PasswordResetProcess.Vars.CONTACT_EMAIL, contact.email())));

        // the rule is "the newest request wins": concurrent requests run one after the other, each superseding the
        // one before it, as sequential requests do; never two pending at once, and only the last one's link is sent
        assertThat(statuses).isNotEmpty().allMatch(status -> status == 201 || status == 409).contains(201);
        assertThat(openRows("password_reset", "status = 'SUPERSEDED'", contact))
                .isEqualTo(statuses.stream().filter(status -> status == 201).count() - 1);
        assertOneOpenAndOneEmail("password_reset", "status = 'PENDING'", contact, mailsBefore);
        assertThat(sentWithTemplate(contact, PasswordResetProcess.RESET_TEMPLATE)).isEqualTo(1);
    }

    // ---- helpers ----

    /** Starts the process as Tasklist's start form does, as admin anna: 201 when it started, 409 when refused. */
    private int startForm(String definitionId, Map<String, Object> fields) {
        identity.setAuthentication("anna", List.of("credential-admins"));
        try {
            forms.submitStartForm(definitionId, fields);
            return 201;
        } catch (org.camunda.bpm.engine.ProcessEngineException refused) {
            return refused.getMessage().contains("already") || refused.getMessage().contains("right now")
                    ? 409 : 500;
        } finally {
            identity.clearAuthentication();
        }
    }

    /** Runs the calls at once, the threads released together; their answers. */
    private static List<Integer> race(IntFunction<Callable<Integer>> racer) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(RACERS);
        try {
            CountDownLatch ready = new CountDownLatch(RACERS);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < RACERS; i++) {
                Callable<Integer> call = racer.apply(i);
                answers.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.call();
                }));
            }
            ready.await(30, TimeUnit.SECONDS);
            go.countDown();
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get(120, TimeUnit.SECONDS));
            }
            return statuses;
        } finally {
            pool.shutdownNow();
        }
    }

    private void assertOneOpenAndOneEmail(String table, String open, Contact contact) {
        assertOneOpenAndOneEmail(table, open, contact, scenario.mailsTo(contact.email()).size());
    }

    private void assertOneOpenAndOneEmail(String table, String open, Contact contact, int mailsBefore) {
        assertThat(openRows(table, open, contact)).isEqualTo(1L);
        runJobsOf(table, contact);
        assertThat(scenario.mailsTo(contact.email()).size() - mailsBefore).isEqualTo(1);
        assertThat(openRows(table, open, contact)).isEqualTo(1L);
    }

    private int sentWithTemplate(Contact contact, String template) {
        return jdbc.sql("SELECT COUNT(*) FROM mail_log WHERE contact_id = :id AND template = :template AND status = 'SENT'")
                .param("id", contact.id()).param("template", template).query(Integer.class).single();
    }

    private long openRows(String table, String open, Contact contact) {
        return jdbc.sql("SELECT COUNT(*) FROM " + table + " WHERE contact_id = :id AND " + open)
                .param("id", contact.id()).query(Long.class).single();
    }

    /**
     * Runs every due job of the processes of the contact's rows in {@code table} (and of the deliveries they call)
     * until none is left; returns how many of the rows have a process.
     */
    private int runJobsOf(String table, Contact contact) {
        List<String> keys = jdbc.sql("SELECT id FROM " + table + " WHERE contact_id = :id")
                .param("id", contact.id()).query(String.class).list();
        Set<String> roots = new HashSet<>();
        int started = 0;
        for (String key : keys) {
            List<ProcessInstance> instances = scenario.instancesAbout(key);
            instances.forEach(instance -> roots.add(instance.getId()));
            started += instances.isEmpty() ? 0 : 1;
        }
        for (int round = 0; round < 50; round++) {
            Set<String> instances = new HashSet<>(roots);
            for (String root : roots) {
                collectCalled(root, instances);
            }
            List<Job> due = management.createJobQuery().executable().list().stream()
                    .filter(job -> instances.contains(job.getProcessInstanceId())).toList();
            if (due.isEmpty()) {
                break;
            }
            due.forEach(job -> management.executeJob(job.getId()));
        }
        return started;
    }

    private void collectCalled(String instanceId, Set<String> into) {
        for (ProcessInstance called : runtime.createProcessInstanceQuery().superProcessInstanceId(instanceId).list()) {
            if (into.add(called.getId())) {
                collectCalled(called.getId(), into);
            }
        }
    }
}
