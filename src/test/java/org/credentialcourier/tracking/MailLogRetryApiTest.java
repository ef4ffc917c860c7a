package org.credentialcourier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code POST /api/mail-log/{id}/retry} over HTTP, with real SMTP failures: each way a failed email is retried (the
 * admin's task, the back-off timer, the invitation resent once its delivery is over), and each refusal.
 */
@CourierTest
class MailLogRetryApiTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired IdentityService identity;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @AfterEach
    void signOutOfTasklist() {
        identity.clearAuthentication();
    }

    @Test
    void waitingForAnAdminTheTaskIsCompletedWithRetryNow() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        ProcessInstance delivery = attempt.delivery();
        String invitationId = scenario.idOf(attempt.invitation());
        rejected(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        long failed = lastEmail(invitationId).get("id").asLong();

        Response retried = admin.postEmpty("/api/mail-log/" + failed + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("action").asText()).isEqualTo("retried-now");
        assertThat(retried.json().get("mailLogId").asLong()).isEqualTo(failed);
        assertThat(retried.json().get("deliveryId").asText()).isEqualTo(delivery.getId());
        assertThat(retried.json().get("invitationId").asText()).isEqualTo(invitationId);
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(delivery.getId())
                .taskDefinitionKey(Elements.RESOLVE_FAILED_DELIVERY).singleResult().getAssignee()).isEqualTo("demo");
        assertThat(delivery).variables().containsEntry(Vars.RESOLUTION, "retry");

        Response again = admin.postEmpty("/api/mail-log/" + failed + "/retry");
        assertThat(again.status()).as("the new attempt is queued already").isEqualTo(409);
        assertThat(again.json().get("detail").asText()).contains("new attempt already");

        scenario.runDeliveryJob(delivery); // after the decision
        scenario.runDeliveryJob(delivery); // the attempt
        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
        JsonNode invitation = admin.get("/api/invitations/" + invitationId).json();
        assertThat(invitation.get("status").asText()).isEqualTo("pending");
        assertThat(line(invitation, "delivery-resolved").get("actor").asText()).isEqualTo("demo");
        assertThat(line(invitation, "delivery-resolved").get("detail").asText()).isEqualTo("invitation: retry");

        Response later = admin.postEmpty("/api/mail-log/" + failed + "/retry");
        assertThat(later.status()).as("a later attempt was sent").isEqualTo(409);
        assertThat(later.json().get("latestMailLogId").asLong()).isEqualTo(lastEmail(invitationId).get("id").asLong());
    }

    @Test
    void waitingOutTheBackOffTheTimerFiresNow() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        ProcessInstance delivery = attempt.delivery();
        String invitationId = scenario.idOf(attempt.invitation());
        try (var outage = scenario.smtpUnreachable()) {
            scenario.runDeliveryJob(delivery);
        }
        assertThat(delivery).isWaitingAt(Elements.RETRY_DELAY);
        long failed = lastEmail(invitationId).get("id").asLong();

        Response retried = admin.postEmpty("/api/mail-log/" + failed + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("action").asText()).isEqualTo("retry-delay-skipped");
        assertThat(delivery).isWaitingAt(Elements.SEND_EMAIL).hasPassed(Elements.RETRY_DELAY);
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
        JsonNode retriedLine = line(admin.get("/api/invitations/" + invitationId).json(), "delivery-retried");
        assertThat(retriedLine.get("actor").asText()).isEqualTo("demo");
        assertThat(retriedLine.get("detail").asText()).contains("mail log " + failed);
    }

    @Test
    void aFailedReminderWhoseDeliveryWasCancelledResendsTheOpenInvitationWithAFreshLink() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String invitationId = scenario.idOf(invitation);
        String firstLink = scenario.lastToken(contact.email());
        scenario.execute(scenario.timer(invitation.getId(), InvitationProcess.Elements.REMINDER_DUE));
        ProcessInstance reminder = scenario.delivery(invitation);
        rejected(reminder);
        scenario.resolveInTasklist("anna", reminder, "cancel");
        scenario.runDeliveryJob(reminder);
        assertThat(reminder).isEnded().hasPassed(Elements.DELIVERY_CANCELLED);
        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        JsonNode failedReminder = lastEmail(invitationId);
        assertThat(failedReminder.get("template").asText()).isEqualTo(InvitationProcess.REMINDER_TEMPLATE);

        Response retried = admin.postEmpty("/api/mail-log/" + failedReminder.get("id").asLong() + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("action").asText()).isEqualTo("invitation-resent");
        scenario.runDeliveryJob(scenario.delivery(invitation));
        String freshLink = scenario.lastToken(contact.email());
        assertThat(freshLink).isNotEqualTo(firstLink);
        Http member = Http.anonymous(port);
        assertThat(member.get("/activate?token=" + freshLink).status()).isEqualTo(200);
        assertThat(member.get("/activate?token=" + firstLink).status()).as("replaced").isEqualTo(410);
        JsonNode resent = line(admin.get("/api/invitations/" + invitationId).json(), "resent");
        assertThat(resent.get("actor").asText()).isEqualTo("demo");
    }

    @Test
    void anInvitationThatExpiredWhileItsDeliveryFailedStartsOverWithAFreshLink() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        String invitationId = scenario.idOf(attempt.invitation());
        rejected(attempt.delivery());
        scenario.execute(scenario.timer(attempt.invitation().getId(), InvitationProcess.Elements.INVITATION_EXPIRED));
        assertThat(attempt.delivery()).isEnded();
        assertThat(admin.get("/api/invitations/" + invitationId).json().get("status").asText()).isEqualTo("expired");
        long failed = lastEmail(invitationId).get("id").asLong();

        Response retried = admin.postEmpty("/api/mail-log/" + failed + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("action").asText()).isEqualTo("invitation-resent");
        assertThat(retried.json().get("detail").asText()).contains("expired invitation starts over");
        assertThat(admin.get("/api/invitations/" + invitationId).json().get("status").asText()).isEqualTo("pending");
        ProcessInstance again = scenario.instanceOf(invitationId);
        scenario.runDeliveryJob(scenario.delivery(again));
        assertThat(Http.anonymous(port).get("/activate?token=" + scenario.lastToken(contact.email())).status())
                .isEqualTo(200);
        JsonNode history = admin.get("/api/invitations/" + invitationId).json();
        assertThat(line(history, "expired").get("actor").asText()).isEqualTo("system");
        assertThat(line(history, "resent").get("actor").asText()).isEqualTo("demo");
    }

    @Test
    void anEmailOfACancelledInvitationIsNotRetried() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        String invitationId = scenario.idOf(attempt.invitation());
        rejected(attempt.delivery());
        scenario.resolveInTasklist("anna", attempt.delivery(), "cancel");
        scenario.runDeliveryJob(attempt.delivery());
        long failed = lastEmail(invitationId).get("id").asLong();
        var before = Tables.rowCounts(dataSource);

        Response refused = admin.postEmpty("/api/mail-log/" + failed + "/retry");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
        assertThat(refused.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(refused.json().get("invitationId").asText()).isEqualTo(invitationId);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void onlyAFailedEmailCanBeRetried() throws Exception {
        Contact contact = scenario.newContact();
        String invitationId = scenario.idOf(scenario.inviteAndDeliver(contact));
        long sent = lastEmail(invitationId).get("id").asLong();
        var before = Tables.rowCounts(dataSource);

        Response refused = admin.postEmpty("/api/mail-log/" + sent + "/retry");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("field").asText()).isEqualTo("status");
        assertThat(refused.json().get("status").asText()).isEqualTo("sent");
        assertThat(refused.json().get("detail").asText()).contains("Only a failed email");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
    }

    @Test
    void unknownOrMalformedIdsAreRefused() {
        Response unknown = admin.postEmpty("/api/mail-log/999999999999999999/retry");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("application/problem+json");
        assertThat(unknown.json().get("resource").asText()).isEqualTo("mail log entry");
        for (String malformed : List.of("abc", "-1", "0x1F", "%201")) {
            Response refused = admin.postEmpty("/api/mail-log/" + malformed + "/retry");
            assertThat(refused.status()).as(malformed).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("id");
        }
        assertThat(admin.get("/api/mail-log/1/retry").status()).as("POST only").isEqualTo(405);
        assertThat(Http.anonymous(port).postEmpty("/api/mail-log/1/retry").status()).isEqualTo(401);
    }

    @Test
    void aResetLinkEmailIsRetriedThroughItsDeliveryButNotOnceItsDeliveryIsOver() throws Exception {
        Contact contact = scenario.activeContact();
        String resetId = requestResetLink(contact);
        ProcessInstance delivery = deliveryAbout(resetId);
        rejected(delivery);
        long failed = lastEmailOf(contact).get("id").asLong();

        Response retried = admin.postEmpty("/api/mail-log/" + failed + "/retry");

        assertThat(retried.status()).as(retried.body()).isEqualTo(202);
        assertThat(retried.json().get("action").asText()).isEqualTo("retried-now");
        assertThat(retried.json().has("invitationId")).isFalse();
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(Scenario.text(scenario.lastMail(contact.email()))).contains("/reset-password?token=");

        ProcessInstance cancelled = deliveryAbout(requestResetLink(contact));
        rejected(cancelled);
        scenario.resolveInTasklist("anna", cancelled, "cancel");
        scenario.runDeliveryJob(cancelled);
        long over = lastEmailOf(contact).get("id").asLong();

        Response refused = admin.postEmpty("/api/mail-log/" + over + "/retry");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("detail").asText()).contains("new reset link");
        assertThat(refused.json().get("template").asText()).isEqualTo("password-reset");
    }

    // ---- helpers

    /** One attempt of the delivery, refused permanently by a real SMTP server: the admin must decide. */
    private void rejected(ProcessInstance delivery) throws Exception {
        scenario.runDeliveryJobRejected(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
    }


    private JsonNode lastEmail(String invitationId) {
        JsonNode emails = admin.get("/api/invitations/" + invitationId).json().get("emails");
        return emails.get(emails.size() - 1);
    }

    private JsonNode lastEmailOf(Contact contact) {
        JsonNode emails = admin.get("/api/contacts/" + contact.id()).json().get("mailLog");
        return emails.get(emails.size() - 1);
    }

    private String requestResetLink(Contact contact) {
        Response sent = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");
        assertThat(sent.status()).as(sent.body()).isEqualTo(202);
        return sent.json().get("id").asText();
    }

    private ProcessInstance deliveryAbout(String subjectId) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                .variableValueEquals(Vars.SUBJECT_ID, subjectId).singleResult();
    }

    /** The newest line of the invitation's history with this event. */
    private static JsonNode line(JsonNode invitation, String event) {
        JsonNode found = null;
        for (JsonNode line : invitation.get("history")) {
            if (line.get("event").asText().equals(event)) {
                found = line;
            }
        }
        assertThat(found).as("a history line " + event + " in " + invitation.get("history")).isNotNull();
        return found;
    }
}
