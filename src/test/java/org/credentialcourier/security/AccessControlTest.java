package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationException;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Camunda authorizations as {@link AccessControlSetup} grants them: credential admins work in Tasklist, process owners
 * watch in Cockpit; each permission and each refusal, in the engine and at the webapps' sign-in.
 */
@CourierTest
class AccessControlTest {

    private static final String ADMIN = "annaadmin";
    private static final String OWNER = "ottoowner";
    private static final String PASSWORD = "a long test password";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired IdentityService identity;
    @Autowired Scenario scenario;

    @BeforeAll
    static void users(@Autowired IdentityService identity) {
        user(identity, ADMIN, "credential-admins");
        user(identity, OWNER, AccessControlSetup.PROCESS_OWNERS);
    }

    @AfterEach
    void signOut() {
        identity.clearAuthentication();
    }

    @Test
    void processOwnersReadEverythingRetryJobsAndNeitherStartNorWork() {
        var attempt = scenario.firstAttempt(scenario.newContact());
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, attempt.delivery());
        Task resolve = engine.getTaskService().createTaskQuery().processInstanceId(attempt.delivery().getId()).singleResult();
        Job exhausted = failingJob();

        identity.setAuthentication(OWNER, List.of(AccessControlSetup.PROCESS_OWNERS));
        assertThat(engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(attempt.invitation().getId())
                .count()).isEqualTo(1);
        assertThat(engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processInstanceId(attempt.delivery().getId()).count()).isEqualTo(1);
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(exhausted.getProcessInstanceId())
                .count()).isEqualTo(1);
        engine.getManagementService().setJobRetries(exhausted.getId(), 1);
        assertThat(engine.getTaskService().createTaskQuery().taskId(resolve.getId()).count()).as("no task work").isZero();
        assertThatThrownBy(() -> engine.getTaskService().complete(resolve.getId(),
                Map.of(MailDeliveryProcess.Vars.RESOLUTION, "cancel"))).isInstanceOf(AuthorizationException.class);
        assertThatThrownBy(() -> engine.getRuntimeService().startProcessInstanceByKey("invitation"))
                .isInstanceOf(AuthorizationException.class);
        identity.clearAuthentication();
        engine.getRuntimeService().deleteProcessInstance(exhausted.getProcessInstanceId(), "test over");
    }

    @Test
    void credentialAdminsWorkTheirTasks() {
        var attempt = scenario.firstAttempt(scenario.newContact());
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, attempt.delivery());

        identity.setAuthentication(ADMIN, List.of("credential-admins"));
        Task resolve = engine.getTaskService().createTaskQuery().processInstanceId(attempt.delivery().getId())
                .taskCandidateGroup("credential-admins").singleResult();
        assertThat(resolve).isNotNull();
        engine.getTaskService().claim(resolve.getId(), ADMIN);
        engine.getTaskService().complete(resolve.getId(), Map.of(MailDeliveryProcess.Vars.RESOLUTION, "cancel"));
        assertThat(engine.getFilterService().createFilterQuery().filterName("All tasks").count()).isEqualTo(1);
        identity.clearAuthentication();
        scenario.runDeliveryJob(attempt.delivery());
        ProcessInstance ended = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(attempt.invitation().getId()).singleResult();
        assertThat(ended).isNull();
    }

    @Test
    void eachGroupSignsInToItsOwnWebapp() throws Exception {
        assertThat(webappSignIn(ADMIN, "tasklist")).isEqualTo(200);
        assertThat(webappSignIn(ADMIN, "cockpit")).isIn(401, 403);
        assertThat(webappSignIn(OWNER, "cockpit")).isEqualTo(200);
        assertThat(webappSignIn(OWNER, "tasklist")).isIn(401, 403);
        assertThat(webappSignIn("demo", "cockpit")).isEqualTo(200);
    }

    @Test
    void processOwnersHaveNoAccessToTheApplicationsApi() {
        var response = Http.as(port, OWNER, PASSWORD).get("/api/contacts");
        assertThat(response.status()).isEqualTo(403);
    }

    @Test
    void theEngineRestApiAppliesTheSameAuthorizations() {
        var attempt = scenario.firstAttempt(scenario.newContact());
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, attempt.delivery());
        Http owner = Http.as(port, OWNER, PASSWORD);
        Http admin = Http.as(port, ADMIN, PASSWORD);

        assertThat(owner.get("/engine-rest/process-instance/" + attempt.invitation().getId()).status()).isEqualTo(200);
        assertThat(owner.get("/engine-rest/history/process-instance?processInstanceId=" + attempt.delivery().getId())
                .json()).hasSize(1);
        assertThat(owner.get("/engine-rest/task?processInstanceId=" + attempt.delivery().getId()).json())
                .as("no task work for owners").isEmpty();
        assertThat(owner.postJson("/engine-rest/process-definition/key/invitation/start", "{}").status())
                .isEqualTo(403);

        var tasks = admin.get("/engine-rest/task?processInstanceId=" + attempt.delivery().getId()).json();
        assertThat(tasks).hasSize(1);
        assertThat(admin.get("/engine-rest/authorization?groupIdIn=process-owners").json()).as("admins read no ACLs")
                .isEmpty();
        assertThat(Http.as(port, "nobody", "guess").get("/engine-rest/process-instance").status()).isEqualTo(401);
    }

    private Job failingJob() {
        ProcessInstance broken = engine.getRuntimeService().startProcessInstanceByKey(MailDeliveryProcess.PROCESS_KEY,
                Map.of(MailDeliveryProcess.Vars.MAIL_TEMPLATE, "no-such-template", MailDeliveryProcess.Vars.SUBJECT_ID, "x"));
        for (int run = 0; run < 3; run++) {
            Job job = scenario.jobOf(broken.getId());
            try {
                scenario.execute(job);
            } catch (RuntimeException expected) {
                // the technical failure this test needs
            }
        }
        return scenario.jobOf(broken.getId());
    }

    /** Signs in to a Camunda webapp as its login page does: with the XSRF cookie echoed in a header. */
    private int webappSignIn(String user, String app) throws Exception {
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        String base = "http://localhost:" + port + "/camunda";
        client.send(HttpRequest.newBuilder(URI.create(base + "/app/" + app + "/default/")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        String password = user.equals("demo") ? "demo" : PASSWORD;
        HttpRequest login = HttpRequest.newBuilder(URI.create(base + "/api/admin/auth/user/default/login/" + app))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + user + "&password=" + password.replace(" ", "+")))
                .build();
        return client.send(login, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static void user(IdentityService identity, String id, String group) {
        if (identity.createUserQuery().userId(id).singleResult() == null) {
            var user = identity.newUser(id);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(id, group);
        }
    }
}
