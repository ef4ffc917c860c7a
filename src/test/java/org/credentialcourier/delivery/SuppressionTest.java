package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The suppression list: a permanent bounce or a complaint stops the address; the next email to it is not sent and goes
 * straight to an admin with the reason and the date; an admin lifts it in the console (recorded in the contact's
 * history), and correcting the address sends to the new one.
 */
@CourierTest
class SuppressionTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired DeliveryEvents events;
    @Autowired Suppressions suppressions;
    @Autowired InvitationService invitations;
    @Autowired ContactHistory history;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void aBouncedAddressIsNotSentToAgainUntilAnAdminLiftsIt() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        events.apply(event(Kind.BOUNCED, invitation));
        assertThat(suppressions.find(contact.email().toUpperCase())).hasValueSatisfying(s -> {
            assertThat(s.kind()).isEqualTo("bounced");
            assertThat(s.reason()).isEqualTo("5.1.1 user unknown");
        });

        Http demo = Http.as(port, "demo", "demo");
        Http.Response bouncedTab = demo.get("/admin/invitations?status=bounced&q=" + contact.email());
        assertThat(bouncedTab.body()).contains("1 bounced invitation matching");
        Http.Response record = demo.get("/admin/contacts/" + contact.id());
        assertThat(record.body()).contains("Email bounced", "Invitation email bounced", "5.1.1 user unknown");

        // the admin retries the bounced invitation: nothing leaves, the admin is asked again with reason and date
        ProcessInstance delivery = scenario.delivery(invitation);
        int before = scenario.mailsTo(contact.email()).size();
        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.RETRY.code());
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        assertThat(scenario.mailsTo(contact.email())).as("not sent").hasSize(before);
        assertThat((String) engine.getRuntimeService().getVariable(delivery.getId(), Vars.LAST_DELIVERY_ERROR))
                .startsWith("not sent: " + contact.email().toLowerCase() + " is on the suppression list since 20")
                .contains("(bounced: 5.1.1 user unknown)");

        Http.Response page = demo.get("/admin/suppressions");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(contact.email().toLowerCase(), "5.1.1 user unknown");
        assertThat(demo.postForm("/admin/suppressions/lift", Map.of("email", contact.email())).status())
                .as("CSRF").isEqualTo(403);
        Http.Response lifted = demo.postForm("/admin/suppressions/lift",
                Map.of("_csrf", page.csrfToken(), "email", contact.email()));
        assertThat(lifted.status()).isEqualTo(302);
        assertThat(suppressions.find(contact.email())).isEmpty();
        assertThat(history.of(contact.id())).anySatisfy(line -> {
            assertThat(line.type()).isEqualTo(ContactHistory.Type.SUPPRESSION_LIFTED);
            assertThat(line.actor()).isEqualTo("demo");
        });
        assertThat(demo.postForm("/admin/suppressions/lift", Map.of("_csrf", page.csrfToken(), "email",
                "x".repeat(300))).status()).as("bad input is no 500").isEqualTo(302);

        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.RETRY.code());
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);
        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        assertThat(scenario.mailsTo(contact.email())).as("sent once lifted").hasSize(before + 1);
    }

    @Test
    void aComplaintSuppressesAndCorrectingTheAddressSendsToTheNewOne() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        events.apply(event(Kind.COMPLAINED, invitation));
        assertThat(invitation).as("a complaint is no bounce").isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        assertThat(suppressions.find(contact.email())).hasValueSatisfying(s -> assertThat(s.kind())
                .isEqualTo("complained"));
        String corrected = Scenario.uniqueEmail("corrected");
        suppressions.suppress(corrected, "bounced", "an older bounce", null);

        invitations.resend(scenario.idOf(invitation), "demo");
        ProcessInstance delivery = scenario.delivery(invitation);
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        engine.getTaskService().complete(scenario.task(delivery).getId(), Map.of(
                Vars.RESOLUTION, MailDeliveryProcess.Resolution.CORRECT_ADDRESS.code(), Vars.CORRECTED_EMAIL, corrected));
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);

        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        assertThat(scenario.mailsTo(corrected)).hasSize(1);
        assertThat(suppressions.find(corrected)).as("the admin vouched for it").isEmpty();
        assertThat(suppressions.find(contact.email())).as("the old address stays suppressed").isPresent();
    }

    private DeliveryEvent event(Kind kind, ProcessInstance invitation) {
        MailLogEntry sent = mailLog.forInvitation(scenario.idOf(invitation)).get(0);
        return new DeliveryEvent("test:" + UUID.randomUUID(), "test", kind, sent.messageId(), sent.recipient(),
                kind == Kind.BOUNCED ? "5.1.1" : null, kind == Kind.BOUNCED ? "user unknown" : null, Instant.now());
    }
}
