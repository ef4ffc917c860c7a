package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.Map;

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
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The admin pages: the hand-over page behind "Hand over manually", and the embedded SMTP server's mailbox. */
@CourierTest
class HandOverPageTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void revealsTheMessageOnceAndCompletesTheTask() throws Exception {
        Contact contact = scenario.newContact();
        ProcessInstance delivery = scenario.firstAttempt(contact).delivery();
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        complete(scenario.task(delivery), withVariables(Vars.RESOLUTION, "manual"));
        scenario.runDeliveryJob(delivery);
        String page = "/admin/handover/" + delivery.getId();

        assertThat(Http.anonymous(port).get(page).status()).isEqualTo(401);
        Http admin = Http.as(port, "demo", "demo");
        Response confirm = admin.get(page);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains(contact.email()).doesNotContain("token=");

        assertThat(admin.postForm(page, Map.of()).status()).as("CSRF protected").isEqualTo(403);
        Response revealed = admin.postForm(page, Map.of("_csrf", confirm.csrfToken()));
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.header("Cache-Control")).contains("no-store");
        assertThat(revealed.body()).contains("https://courier.example.test/activate?token=");
        assertThat(delivery).isEnded();

        Response gone = admin.get(page);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("Nothing to hand over");
    }

    @Test
    void mailboxListsWhatTheEmbeddedServerReceived() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        assertThat(Http.anonymous(port).get("/admin/mailbox").status()).isEqualTo(401);
        Response mailbox = Http.as(port, "demo", "demo").get("/admin/mailbox");
        assertThat(mailbox.status()).isEqualTo(200);
        assertThat(mailbox.body()).contains(contact.email(), "Your invitation to",
                "href=\"https://courier.example.test/activate?token=");
    }
}
