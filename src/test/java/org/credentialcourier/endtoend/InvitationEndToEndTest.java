package org.credentialcourier.endtoend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A newcomer's first invitation over real HTTP: create a contact, invite, read the email from the SMTP server, open
 * the link twice, choose a password, and see the invitation active. Then no table (the application's and Camunda's
 * runtime and history alike) and no log line holds the token or the password.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class InvitationEndToEndTest {

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired HistoryService history;
    @Autowired DataSource dataSource;

    @Test
    void inviteActivateAndLeaveNoSecretBehind(CapturedOutput output) throws Exception {
        Http admin = Http.as(port, "demo", "demo");
        String email = Scenario.uniqueEmail("grace.hopper");

        Response created = admin.postJson("/api/contacts",
                Map.of("email", email, "firstName", "Grace", "lastName", "Hopper", "locale", "en"));
        assertThat(created.status()).isEqualTo(201);
        String contactId = created.json().get("id").asText();
        assertThat(created.header("Location")).isEqualTo("/api/contacts/" + contactId);

        Response invited = admin.postJson("/api/invitations", Map.of("contactId", contactId));
        assertThat(invited.status()).isEqualTo(201);
        assertThat(invited.json().get("status").asText()).isEqualTo("pending");
        String invitationId = invited.json().get("id").asText();

        ProcessInstance instance = scenario.instanceOf(invitationId);
        scenario.runDeliveryJob(scenario.delivery(instance));

        List<MimeMessage> mails = scenario.mailsTo(email);
        assertThat(mails).hasSize(1);
        assertThat(mails.get(0).getSubject()).isEqualTo("Your invitation to Credential Courier demo");
        String text = Scenario.text(mails.get(0));
        assertThat(text).contains("Hello Grace,", "https://courier.example.test/activate?token=");
        String token = Scenario.token(text);
        assertThat(token).hasSizeGreaterThanOrEqualTo(43); // 256 bits in URL-safe base64

        Http member = Http.anonymous(port);
        Response page = member.get("/activate?token=" + token);
        Response again = member.get("/activate?token=" + token);
        assertThat(page.status()).isEqualTo(200);
        assertThat(again.status()).as("opening the link consumes nothing").isEqualTo(200);
        assertThat(again.body()).contains("Welcome, Grace").contains("name=\"password\"");
        assertThat(again.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(again.header("Cache-Control")).contains("no-store");

        String password = "plum orchards hum " + UUID.randomUUID().toString().substring(0, 8);
        Response accepted = member.postForm("/activate", Map.of("_csrf", again.csrfToken(), "token", token,
                "password", password, "passwordConfirmation", password));
        assertThat(accepted.status()).isEqualTo(200);
        assertThat(accepted.body()).contains("Your account is active");

        JsonNode invitation = admin.get("/api/invitations/" + invitationId).json();
        assertThat(invitation.get("status").asText()).isEqualTo("active");
        assertThat(invitation.get("acceptedAt").isNull()).isFalse();
        assertThat(invitation.get("history").findValuesAsText("event"))
                .containsExactly("created", "email-sent", "accepted");
        JsonNode contact = admin.get("/api/contacts/" + contactId).json();
        assertThat(contact.at("/contact/accountStatus").asText()).isEqualTo("active");
        assertThat(contact.at("/invitations/0/status").asText()).isEqualTo("active");
        assertThat(contact.at("/mailLog/0/status").asText()).isEqualTo("sent");

        HistoricProcessInstance ended = history.createHistoricProcessInstanceQuery()
                .processInstanceId(instance.getId()).singleResult();
        assertThat(ended.getState()).isEqualTo(HistoricProcessInstance.STATE_COMPLETED);
        assertThat(ended.getEndActivityId()).isEqualTo(InvitationProcess.Elements.END_ACCEPTED);

        Response reused = member.postForm("/activate", Map.of("_csrf", again.csrfToken(), "token", token,
                "password", password, "passwordConfirmation", password));
        assertThat(reused.status()).isEqualTo(410);
        assertThat(reused.body()).contains("has been used already");

        // secret hygiene: neither the token nor the password rests anywhere
        assertThat(Tables.cellsContaining(dataSource, token)).isEmpty();
        assertThat(Tables.cellsContaining(dataSource, password)).isEmpty();
        assertThat(Tables.cellsContaining(dataSource, "Grace")).as("the scan does find what is there").isNotEmpty();
        assertThat(output.getAll()).doesNotContain(token).doesNotContain(password).contains("Sent invitation email");
    }
}
