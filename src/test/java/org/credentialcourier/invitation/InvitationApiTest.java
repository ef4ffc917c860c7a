package org.credentialcourier.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The invitations API over HTTP: invite, read the history, resend, cancel, hand over, and what each refuses. */
@CourierTest
class InvitationApiTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void inviteTwiceIsAConflictNamingTheOpenInvitation() throws Exception {
        Contact contact = scenario.newContact();
        Response first = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Location")).isEqualTo("/api/invitations/" + first.json().get("id").asText());
        var before = Tables.rowCounts(dataSource);

        Response second = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().get("invitationId").asText()).isEqualTo(first.json().get("id").asText());
        assertThat(second.json().get("status").asText()).isEqualTo("pending");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void unknownContactOrInvitationIsNotFound() {
        assertThat(admin.postJson("/api/invitations", Map.of("contactId", "no-such-contact")).status()).isEqualTo(404);
        assertThat(admin.get("/api/invitations/no-such-invitation").status()).isEqualTo(404);
        assertThat(admin.postEmpty("/api/invitations/no-such-invitation/resend").status()).isEqualTo(404);
        assertThat(admin.postEmpty("/api/invitations/no-such-invitation/cancel").status()).isEqualTo(404);
        Response blank = admin.postJson("/api/invitations", Map.of("contactId", ""));
        assertThat(blank.status()).isEqualTo(400);
        assertThat(blank.json().get("field").asText()).isEqualTo("contactId");
    }

    @Test
    void resendAndCancelShowInTheHistory() {
        Contact contact = scenario.newContact();
        ProcessInstance instance = scenario.inviteAndDeliver(contact);
        String id = scenario.idOf(instance);

        Response resent = admin.postEmpty("/api/invitations/" + id + "/resend");
        assertThat(resent.status()).isEqualTo(202);
        scenario.runDeliveryJob(scenario.delivery(instance));
        Response cancelled = admin.postEmpty("/api/invitations/" + id + "/cancel");
        assertThat(cancelled.status()).isEqualTo(202);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");

        JsonNode history = admin.get("/api/invitations/" + id).json().get("history");
        assertThat(history.findValuesAsText("event"))
                .containsExactly("created", "email-sent", "resent", "email-sent", "cancelled");
        assertThat(history.get(2).get("actor").asText()).isEqualTo("demo");
        assertThat(history.get(4).get("actor").asText()).isEqualTo("demo");

        Response again = admin.postEmpty("/api/invitations/" + id + "/cancel");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(admin.postEmpty("/api/invitations/" + id + "/resend").status()).isEqualTo(409);
    }

    @Test
    void acceptedInvitationCannotBeResentOrCancelled() {
        Contact contact = scenario.newContact();
        ProcessInstance instance = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Http member = Http.anonymous(port);
        Response page = member.get("/activate?token=" + token);
        member.postForm("/activate", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", "seven silent lanterns", "passwordConfirmation", "seven silent lanterns"));

        assertThat(admin.postEmpty("/api/invitations/" + scenario.idOf(instance) + "/resend").status()).isEqualTo(409);
        assertThat(admin.postEmpty("/api/invitations/" + scenario.idOf(instance) + "/cancel").status()).isEqualTo(409);
        Response reinvite = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));
        assertThat(reinvite.status()).as("an active contact needs a password reset").isEqualTo(409);
        assertThat(reinvite.json().get("accountStatus").asText()).isEqualTo("active");
    }

    @Test
    void handOverOverRestRevealsTheMessageOnce() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance instance = scenario.invite(contact);
        String id = scenario.idOf(instance);
        assertThat(admin.postEmpty("/api/invitations/" + id + "/handover").status())
                .as("nothing to hand over before an admin chose it").isEqualTo(409);

        ProcessInstance delivery = scenario.delivery(instance);
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        assertThat(admin.get("/api/invitations/" + id).json().get("status").asText()).isEqualTo("failed");
        complete(scenario.task(delivery), withVariables(Vars.RESOLUTION, "manual"));
        scenario.runDeliveryJob(delivery);

        Response handedOver = admin.postEmpty("/api/invitations/" + id + "/handover");
        assertThat(handedOver.status()).isEqualTo(201);
        assertThat(handedOver.header("Cache-Control")).contains("no-store");
        assertThat(handedOver.json().get("recipient").asText()).isEqualTo(contact.email());
        String token = Scenario.token(handedOver.json().get("text").asText());
        assertThat(admin.postEmpty("/api/invitations/" + id + "/handover").status()).isEqualTo(409);

        JsonNode invitation = admin.get("/api/invitations/" + id).json();
        assertThat(invitation.get("status").asText()).isEqualTo("pending");
        assertThat(invitation.get("history").findValuesAsText("event"))
                .contains("delivery-failed", "delivery-resolved", "handed-over", "email-handed-over");
        assertThat(invitation.get("history").toString()).doesNotContain(token);
        assertThat(Http.anonymous(port).get("/activate?token=" + token).status()).isEqualTo(200);
    }
}
