package org.credentialcourier.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Every line of an invitation's history names who did it: the admin over REST, the admin in Tasklist (also when the
 * process carries the decision out later, in a job), the contact, the member's self-service page, and {@code system}
 * for what timers and retries do.
 */
@CourierTest
class InvitationHistoryActorsTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired IdentityService identity;

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
    void inviteFailHandOverAndAccept() throws Exception {
        Contact contact = scenario.newContact();
        String invitationId = admin.postJson("/api/invitations", Map.of("contactId", contact.id())).json()
                .get("id").asText();
        ProcessInstance invitation = scenario.instanceOf(invitationId);
        ProcessInstance delivery = scenario.delivery(invitation);
        rejected(delivery);
        scenario.resolveInTasklist("anna", delivery, "manual");
        scenario.runDeliveryJob(delivery);
        Response handedOver = admin.postEmpty("/api/invitations/" + invitationId + "/handover");
        assertThat(handedOver.status()).isEqualTo(201);
        accept(Scenario.token(handedOver.json().get("text").asText()));

        assertThat(events(invitationId)).containsExactly(
                tuple("created", "demo"),
                tuple("delivery-failed", "system"),
                tuple("delivery-resolved", "anna"),
                tuple("handed-over", "demo"),
                tuple("accepted", "contact"));
    }

    @Test
    void cancellingTheDeliveryInTasklistCancelsTheInvitationInTheAdminsName() throws Exception {
        var attempt = scenario.firstAttempt(scenario.newContact());
        String invitationId = scenario.idOf(attempt.invitation());
        rejected(attempt.delivery());
        scenario.resolveInTasklist("anna", attempt.delivery(), "cancel");

        scenario.runDeliveryJob(attempt.delivery()); // the decision is carried out in a job, on nobody's behalf

        assertThat(attempt.invitation()).isEnded().hasPassed(InvitationProcess.Elements.END_CANCELLED);
        assertThat(events(invitationId)).containsExactly(
                tuple("created", "demo"),
                tuple("delivery-failed", "system"),
                tuple("delivery-resolved", "anna"),
                tuple("cancelled", "anna"));
        assertThat(admin.get("/api/invitations/" + invitationId).json().toString())
                .contains("the delivery of the invitation email was cancelled");
    }

    @Test
    void resendAndCancelOverRestNameTheAdmin() {
        ProcessInstance invitation = scenario.inviteAndDeliver(scenario.newContact());
        String invitationId = scenario.idOf(invitation);

        assertThat(admin.postEmpty("/api/invitations/" + invitationId + "/resend").status()).isEqualTo(202);
        scenario.runDeliveryJob(scenario.delivery(invitation));
        assertThat(admin.postEmpty("/api/invitations/" + invitationId + "/cancel").status()).isEqualTo(202);

        assertThat(events(invitationId)).containsExactly(
                tuple("created", "demo"), tuple("resent", "demo"), tuple("cancelled", "demo"));
    }

    @Test
    void resendFromTheForgotPasswordPageNamesSelfServiceAndExpiryNamesSystem() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String invitationId = scenario.idOf(invitation);
        Http browser = Http.anonymous(port);
        Response form = browser.get("/forgot-password");

        assertThat(browser.postForm("/forgot-password", Map.of("_csrf", form.csrfToken(), "email", contact.email()))
                .status()).isEqualTo(200);

        // the page answers first and resends afterwards, on a background thread
        await().atMost(Duration.ofSeconds(20)).until(() -> events(invitationId).size() == 2);
        scenario.runDeliveryJob(scenario.delivery(invitation));
        scenario.execute(scenario.timer(invitation.getId(), InvitationProcess.Elements.INVITATION_EXPIRED));
        assertThat(events(invitationId)).containsExactly(
                tuple("created", "demo"), tuple("resent", "self-service"), tuple("expired", "system"));
        assertThat(engine.getRuntimeService().createVariableInstanceQuery()
                .variableName(InvitationProcess.Vars.RESEND_REQUESTED_BY).count())
                .as("the asker travels with the message only").isZero();
    }

    // ---- helpers

    private void rejected(ProcessInstance delivery) throws Exception {
        scenario.runDeliveryJobRejected(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
    }


    private void accept(String token) {
        Http member = Http.anonymous(port);
        Response page = member.get("/activate?token=" + token);
        assertThat(member.postForm("/activate", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", "seven silent lanterns", "passwordConfirmation", "seven silent lanterns")).status())
                .isEqualTo(200);
    }

    /** The invitation's events (not its emails) as (event, actor), oldest first. */
    private List<org.assertj.core.groups.Tuple> events(String invitationId) {
        List<org.assertj.core.groups.Tuple> events = new ArrayList<>();
        for (JsonNode line : admin.get("/api/invitations/" + invitationId).json().get("history")) {
            if (!line.get("event").asText().startsWith("email-")) {
                events.add(tuple(line.get("event").asText(), line.get("actor").asText()));
            }
        }
        return events;
    }
}
