package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13, case 4: the engine's REST API is a second door to the processes' truth. A credential admin (not a Camunda
 * administrator) may start a process only through its start form, work a task only through its form, and write
 * nothing else: no start at an inner activity, no forged initiator, no message, no job run ahead of time, no variable
 * written around the forms ({@link EngineDoorGuard}). Each attack of the penetration test, then the ways Tasklist
 * really works, which must keep working.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class EngineDoorTest {

    private static final String ADMIN = "edgaradmin";
    private static final String PASSWORD = "a long test password";

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired RuntimeService runtime;
    @Autowired TaskService tasks;
    @Autowired ManagementService management;
    @Autowired HistoryService history;
    @Autowired IdentityService identity;
    @Autowired ContactService contacts;
    @Autowired InvitationRepository invitations;

    @BeforeAll
    static void admin(@Autowired IdentityService identity) {
        if (identity.createUserQuery().userId(ADMIN).singleResult() == null) {
            var user = identity.newUser(ADMIN);
            user.setPassword(PASSWORD);
            identity.saveUser(user);
            identity.createMembership(ADMIN, "credential-admins");
        }
    }

    private Http admin() {
        return Http.as(port, ADMIN, PASSWORD);
    }

    @Test
    void startingTheDeliveryAtTheCorrectionStepIsRefusedAndTheAddressStays() {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        long before = runtime.createProcessInstanceQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY).count();

        var response = admin().postJson("/engine-rest/process-definition/key/mail-delivery/start", """
                {"variables": {
                   "mailTemplate": {"value": "invitation"},
                   "subjectId": {"value": "%s"},
                   "correctedEmail": {"value": "mallory@evil.example"}},
                 "startInstructions": [{"type": "startBeforeActivity", "activityId": "Task_CorrectEmailAddress"}]}
                """.formatted(scenario.idOf(attempt.invitation())));

        assertThat(response.status()).isEqualTo(403);
        assertThat(contacts.get(contact.id()).email()).isEqualTo(contact.email());
        assertThat(runtime.createProcessInstanceQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY).count())
                .isEqualTo(before);
        assertThat(admin().postJson("/engine-rest/process-definition/key/mail-delivery/start", """
                {"variables": {"mailTemplate": {"value": "invitation"}, "subjectId": {"value": "%s"}}}
                """.formatted(scenario.idOf(attempt.invitation()))).status())
                .as("an internal process is not started by hand at all").isEqualTo(403);
        assertThat(admin().postJson("/engine-rest/process-definition/key/mail-delivery/submit-form", """
                {"variables": {"mailTemplate": {"value": "invitation"}, "subjectId": {"value": "%s"}}}
                """.formatted(scenario.idOf(attempt.invitation()))).status())
                .as("it has no start form either").isEqualTo(403);
    }

    @Test
    void aForgedInitiatorIsRefusedAndTheFormStartRecordsWhoReallyStarted() {
        Contact forged = scenario.newContact();
        var start = admin().postJson("/engine-rest/process-definition/key/invitation/start", """
                {"variables": {"contactEmail": {"value": "%s"}, "initiator": {"value": "bob"}}}
                """.formatted(forged.email()));
        assertThat(start.status()).isEqualTo(403);
        var formWithInitiator = admin().postJson("/engine-rest/process-definition/key/invitation/submit-form", """
                {"variables": {"contactEmail": {"value": "%s"}, "initiator": {"value": "bob"}}}
                """.formatted(forged.email()));
        assertThat(formWithInitiator.status()).isEqualTo(403);
        assertThat(formWithInitiator.body()).contains("initiator");
        var formWithBusinessKey = admin().postJson("/engine-rest/process-definition/key/invitation/submit-form", """
                {"businessKey": "someone-elses", "variables": {"contactEmail": {"value": "%s"}}}
                """.formatted(forged.email()));
        assertThat(formWithBusinessKey.status()).isEqualTo(403);
        assertThat(invitations.findOpenForContact(forged.id())).isEmpty();

        var form = admin().postJson("/engine-rest/process-definition/key/invitation/submit-form", """
                {"variables": {"contactEmail": {"value": "%s"}}}
                """.formatted(forged.email()));
        assertThat(form.status()).isEqualTo(200);
        var invitation = invitations.findOpenForContact(forged.id()).orElseThrow();
        assertThat(invitation.createdBy()).isEqualTo(ADMIN);
        assertThat(runtime.createVariableInstanceQuery().processInstanceIdIn(form.json().get("id").asText())
                .variableName(InvitationProcess.Vars.INITIATOR).singleResult().getValue()).isEqualTo(ADMIN);
    }

    @Test
    void aRefusedStartFormIsABadRequestWithItsSentenceNotAServerError(CapturedOutput output) {
        Contact invited = scenario.newContact();
        scenario.invite(invited);

        var openInvitation = admin().postJson("/engine-rest/process-definition/key/invitation/submit-form", """
                {"variables": {"contactEmail": {"value": "%s"}}}""".formatted(invited.email()));
        var unknown = admin().postJson("/engine-rest/process-definition/key/password-reset/submit-form", """
                {"variables": {"contactEmail": {"value": "nobody-at-all@example.org"}}}""");
        var malformed = admin().postJson("/engine-rest/process-definition/key/password-change/submit-form", """
                {"variables": {"contactEmail": {"value": "not an address"}, "delivery": {"value": "email"}}}""");
        var noDelivery = admin().postJson("/engine-rest/process-definition/key/password-change/submit-form", """
                {"variables": {"contactEmail": {"value": "%s"}, "delivery": {"value": "carrier pigeon"}}}"""
                .formatted(invited.email()));
        var nothingChosen = admin().postJson("/engine-rest/process-definition/key/bulk-invitation/submit-form", """
                {"variables": {"selection": {"value": "nothing-of-the-sort"}}}""");

        assertThat(openInvitation.status()).isEqualTo(400);
        assertThat(openInvitation.body()).contains("open invitation");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body()).contains("No contact has the email address nobody-at-all@example.org");
        assertThat(malformed.status()).isEqualTo(400);
        assertThat(malformed.body()).contains("is not a well-formed email address");
        assertThat(noDelivery.status()).isEqualTo(400);
        assertThat(noDelivery.body()).contains("email or manual");
        assertThat(nothingChosen.status()).isEqualTo(400);
        assertThat(output.getAll()).doesNotContain("ENGINE-REST-HTTP500").doesNotContain("ENGINE-16004");
    }

    @Test
    void aMessageFromOutsideActivatesNothing() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);

        var response = admin().postJson("/engine-rest/message", """
                {"messageName": "%s", "processInstanceId": "%s"}
                """.formatted(InvitationProcess.Messages.ACCEPTED, invitation.getId()));
        var all = admin().postJson("/engine-rest/message", """
                {"messageName": "%s", "all": true}
                """.formatted(InvitationProcess.Messages.CANCELLATION_REQUESTED));
        var signal = admin().postJson("/engine-rest/signal", "{\"name\": \"anything\"}");

        assertThat(response.status()).isEqualTo(403);
        assertThat(all.status()).isEqualTo(403);
        assertThat(signal.status()).isEqualTo(403);
        assertThat(invitations.findById(scenario.idOf(invitation)).orElseThrow().status())
                .isEqualTo(InvitationStatus.PENDING);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.INVITED);
        assertThat(runtime.createProcessInstanceQuery().processInstanceId(invitation.getId()).count()).isEqualTo(1);
    }

    @Test
    void tasklistsOwnEngineApiIsTheSameDoor() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        CookieManager cookies = new CookieManager();
        HttpClient client = HttpClient.newBuilder().cookieHandler(cookies).build();
        String base = "http://localhost:" + port + "/camunda";
        client.send(HttpRequest.newBuilder(URI.create(base + "/app/tasklist/default/")).GET().build(),
                HttpResponse.BodyHandlers.discarding());
        String xsrf = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).findFirst().orElseThrow();
        HttpResponse<String> login = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/admin/auth/user/default/login/tasklist"))
                .header("Content-Type", "application/x-www-form-urlencoded").header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("username=" + ADMIN + "&password="
                        + PASSWORD.replace(" ", "+"))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).isEqualTo(200);
        String token = cookies.getCookieStore().getCookies().stream().filter(c -> c.getName().equals("XSRF-TOKEN"))
                .map(HttpCookie::getValue).reduce((first, second) -> second).orElseThrow();

        HttpResponse<String> accepted = client.send(HttpRequest.newBuilder(
                        URI.create(base + "/api/engine/engine/default/message"))
                .header("Content-Type", "application/json").header("X-XSRF-TOKEN", token)
                .POST(HttpRequest.BodyPublishers.ofString("{\"messageName\": \"%s\", \"processInstanceId\": \"%s\"}"
                        .formatted(InvitationProcess.Messages.ACCEPTED, invitation.getId()))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(accepted.statusCode()).isEqualTo(403);
        assertThat(invitations.findById(scenario.idOf(invitation)).orElseThrow().status())
                .isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void timersRunOnlyWhenTheyAreDue() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        var expiry = scenario.timer(invitation.getId(), InvitationProcess.Elements.INVITATION_EXPIRED);

        var execute = admin().postEmpty("/engine-rest/job/" + expiry.getId() + "/execute");
        var dueNow = admin().put("/engine-rest/job/" + expiry.getId() + "/duedate", "{\"duedate\": null}");
        var suspend = admin().put("/engine-rest/job/" + expiry.getId() + "/suspended", "{\"suspended\": true}");

        assertThat(execute.status()).isEqualTo(403);
        assertThat(dueNow.status()).isEqualTo(403);
        assertThat(suspend.status()).isEqualTo(403);
        assertThat(invitations.findById(scenario.idOf(invitation)).orElseThrow().status())
                .isEqualTo(InvitationStatus.PENDING);
        var after = management.createJobQuery().jobId(expiry.getId()).singleResult();
        assertThat(after.getDuedate()).isEqualTo(expiry.getDuedate());
        assertThat(after.isSuspended()).isFalse();
    }

    @Test
    void theHandOverIsNotSkippedAndItsLinkNotRewritten() throws Exception {
        var attempt = scenario.firstAttempt(scenario.newContact());
        scenario.runDeliveryJobRejected(attempt.delivery());
        scenario.resolveInTasklist(ADMIN, attempt.delivery(), MailDeliveryProcess.Resolution.MANUAL.code());
        scenario.runDeliveryJob(attempt.delivery());
        Task handOver = scenario.task(attempt.delivery());
        assertThat(handOver.getTaskDefinitionKey()).isEqualTo(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);
        String link = (String) runtime.getVariable(attempt.delivery().getId(), MailDeliveryProcess.Vars.HANDOVER_URL);

        var complete = admin().postJson("/engine-rest/task/" + handOver.getId() + "/complete", """
                {"variables": {"handedOverBy": {"value": "bob"}}}
                """);
        var submit = admin().postJson("/engine-rest/task/" + handOver.getId() + "/submit-form", """
                {"variables": {"handedOverBy": {"value": "bob"}}}
                """);
        var rewriteInstance = admin().put("/engine-rest/process-instance/" + attempt.delivery().getId()
                + "/variables/handoverUrl", "{\"value\": \"https://evil.example/\", \"type\": \"String\"}");
        var rewriteTask = admin().put("/engine-rest/task/" + handOver.getId() + "/variables/handoverUrl",
                "{\"value\": \"https://evil.example/\", \"type\": \"String\"}");
        var rewriteLocal = admin().put("/engine-rest/task/" + handOver.getId() + "/localVariables/handoverUrl",
                "{\"value\": \"https://evil.example/\", \"type\": \"String\"}");
        var modifyMany = admin().postJson("/engine-rest/process-instance/" + attempt.delivery().getId()
                + "/variables", "{\"modifications\": {\"handoverUrl\": {\"value\": \"https://evil.example/\"}}}");
        var readOnlyChanged = admin().postJson("/engine-rest/task/" + handOver.getId() + "/submit-form", """
                {"variables": {"handoverUrl": {"value": "https://evil.example/"}}}
                """);
        var bpmnError = admin().postJson("/engine-rest/task/" + handOver.getId() + "/bpmnError",
                "{\"errorCode\": \"MailRejected\"}");
        var modification = admin().postJson("/engine-rest/process-instance/" + attempt.delivery().getId()
                + "/modification", """
                {"instructions": [{"type": "startBeforeActivity", "activityId": "EndEvent_HandedOver"}],
                 "skipCustomListeners": true}
                """);

        assertThat(List.of(complete.status(), submit.status(), rewriteInstance.status(), rewriteTask.status(),
                rewriteLocal.status(), modifyMany.status(), readOnlyChanged.status(), bpmnError.status(),
                modification.status())).containsOnly(403);
        assertThat(scenario.task(attempt.delivery()).getId()).isEqualTo(handOver.getId());
        assertThat(runtime.getVariable(attempt.delivery().getId(), MailDeliveryProcess.Vars.HANDOVER_URL))
                .isEqualTo(link);
        assertThat(runtime.getVariable(attempt.delivery().getId(), MailDeliveryProcess.Vars.HANDED_OVER_BY)).isNull();
    }

    @Test
    void tasklistFormsKeepWorkingWithTheirOwnFields() throws Exception {
        var attempt = scenario.firstAttempt(scenario.newContact());
        scenario.runDeliveryJobRejected(attempt.delivery());
        Task resolve = scenario.task(attempt.delivery());
        Object recipient = runtime.getVariable(attempt.delivery().getId(), MailDeliveryProcess.Vars.RECIPIENT_EMAIL);
        Object error = runtime.getVariable(attempt.delivery().getId(), MailDeliveryProcess.Vars.LAST_DELIVERY_ERROR);

        var forgedReadOnly = admin().postJson("/engine-rest/task/" + resolve.getId() + "/submit-form", """
                {"variables": {"resolution": {"value": "cancel"}, "recipientEmail": {"value": "mallory@evil.example"}}}
                """);
        assertThat(forgedReadOnly.status()).isEqualTo(403);
        assertThat(scenario.task(attempt.delivery()).getId()).isEqualTo(resolve.getId());

        // what Camunda Forms in Tasklist sends: every field, the read-only ones as they were shown
        var asTasklist = admin().postJson("/engine-rest/task/" + resolve.getId() + "/submit-form", """
                {"variables": {"resolution": {"value": "cancel"}, "recipientEmail": {"value": %s},
                               "lastDeliveryError": {"value": %s}, "correctedEmail": {"value": null}}}
                """.formatted(json(recipient), json(error)));
        assertThat(asTasklist.status()).isEqualTo(204);
        assertThat(tasks.createTaskQuery().taskId(resolve.getId()).count()).isZero();
    }

    @Test
    void theAdministratorsOfCamundaItselfKeepTheirToolsAndTheApplicationItsOwn() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        // the application correlates, sets and runs as it always did: it acts as nobody in the engine
        identity.clearAuthentication();
        runtime.setVariable(invitation.getId(), "auditNote", "set by the application");
        // the Camunda administrators (group camunda-admin) are the platform's operators: they keep Cockpit's repairs
        var demo = Http.as(port, "demo", "demo");
        assertThat(demo.put("/engine-rest/process-instance/" + invitation.getId() + "/variables/auditNote",
                "{\"value\": \"set by an operator\", \"type\": \"String\"}").status()).isEqualTo(204);
        assertThat(runtime.getVariable(invitation.getId(), "auditNote")).isEqualTo("set by an operator");
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceId(invitation.getId()).count())
                .isEqualTo(1);
    }

    private static String json(Object value) {
        return value == null ? "null" : "\"" + value.toString().replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
