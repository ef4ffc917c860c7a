package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

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
import org.springframework.jdbc.core.simple.JdbcClient;

/** The admin pages: the hand-over page behind "Hand over manually", and the embedded SMTP server's mailbox. */
@CourierTest
class HandOverPageTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

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
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        int tokensBefore = activationTokens(contact).size();
        Response made = admin.postForm(page, Map.of("_csrf", confirm.csrfToken()));
        assertThat(made.status()).as("POST, then a GET of the page that shows it").isEqualTo(303);
        String revealPage = made.header("Location");
        assertThat(revealPage).matches(page + "/revealed/[A-Za-z0-9_-]{24}");
        assertThat(delivery).isEnded();

        Response revealed = admin.get(revealPage);
        assertThat(revealed.status()).isEqualTo(200);
        assertThat(revealed.header("Cache-Control")).contains("no-store");
        assertThat(revealed.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(revealed.body()).contains("https://courier.example.test/activate?token=",
                "href=\"/admin/contacts/" + contact.id() + "\"");
        String token = Scenario.token(revealed.body());
        assertThat(activationTokens(contact)).as("one set of credentials minted by the reveal")
                .hasSize(tokensBefore + 1);

        // a reload, and Back after leaving: "already shown", nothing minted, nothing sent
        for (int visit = 0; visit < 2; visit++) {
            Response again = admin.get(revealPage);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("Cache-Control")).contains("no-store");
            assertThat(again.body()).contains("This message was shown already", "resend the invitation")
                    .doesNotContain(token).doesNotContain("token=");
            admin.get(page);
        }
        assertThat(activationTokens(contact)).hasSize(tokensBefore + 1);
        assertThat(scenario.mailsTo(contact.email())).as("a hand-over sends nothing").hasSize(mailsBefore);
        assertThat(Tables.cellsContaining(dataSource, token)).as("in no table in plain text").isEmpty();
        assertThat(admin.postForm(page, Map.of("_csrf", confirm.csrfToken())).status())
                .as("a second POST reveals nothing").isEqualTo(404);

        Response gone = admin.get(page);
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.body()).contains("Nothing to hand over");
    }

    private List<String> activationTokens(Contact contact) {
        return jdbc.sql("SELECT token_hash FROM activation_token WHERE contact_id = ?").param(contact.id())
                .query(String.class).list();
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
