package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Pre-send checks (issue 16) at the REST doors, over real HTTP with DNS checks off (the default): an error is a 400
 * naming {@code email}, warnings a 422 until accepted, and a refused request writes nothing.
 */
@CourierTest
class PreSendChecksTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired Suppressions suppressions;
    @Autowired PreSendChecks checks;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    private Contact contactAt(String domain) {
        String local = Scenario.uniqueEmail("grace").replace("@example.org", "");
        return contacts.create(new NewContact(local + "@" + domain, "Grace", "Hopper", "en"));
    }

    @Test
    void aLikelyTypoIsA422WithTheSuggestionAndNothingIsWritten() throws Exception {
        Contact contact = contactAt("gmial.com");
        var before = Tables.rowCounts(dataSource);

        Response refused = admin.postJson("/api/invitations", Map.of("contactId", contact.id()));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.header("Content-Type")).contains("application/problem+json");
        assertThat(refused.json().get("field").asText()).isEqualTo("email");
        JsonNode warning = refused.json().get("warnings").get(0);
        assertThat(warning.get("code").asText()).isEqualTo("likely-typo");
        assertThat(warning.get("suggestion").asText()).isEqualTo(contact.email().replace("gmial.com", "gmail.com"));
        assertThat(warning.get("message").asText()).startsWith("Did you mean ");
        assertThat(refused.json().get("detail").asText()).contains("acceptWarnings");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);

        Response explicitNo = admin.postJson("/api/invitations", Map.of("contactId", contact.id(),
                "acceptWarnings", false));
        assertThat(explicitNo.status()).isEqualTo(422);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void acceptedWarningsLetTheInvitationGo() {
        Contact contact = contactAt("hotmial.com");
        Response accepted = admin.postJson("/api/invitations", Map.of("contactId", contact.id(),
                "acceptWarnings", true));
        assertThat(accepted.status()).isEqualTo(201);
        assertThat(accepted.json().get("status").asText()).isEqualTo("pending");
    }

    @Test
    void aCleanAddressNeedsNoAcceptance() {
        Contact contact = scenario.newContact();
        assertThat(admin.postJson("/api/invitations", Map.of("contactId", contact.id())).status()).isEqualTo(201);
    }

    @Test
    void aSuppressedAddressIsRefusedWithReasonAndDateEvenWhenWarningsAreAccepted() throws Exception {
        Contact contact = scenario.newContact();
        suppressions.suppress(contact.email(), "bounced", "5.1.1 user unknown", null);
        var before = Tables.rowCounts(dataSource);

        for (Object accept : new Object[] {false, true}) {
            Response refused = admin.postJson("/api/invitations", Map.of("contactId", contact.id(),
                    "acceptWarnings", accept));
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.json().get("field").asText()).isEqualTo("email");
            assertThat(refused.json().get("detail").asText())
                    .contains("suppression list since 20").contains("bounced: 5.1.1 user unknown");
        }
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);

        suppressions.lift(contact.email(), "demo", "the mailbox exists again");
        assertThat(admin.postJson("/api/invitations", Map.of("contactId", contact.id())).status()).isEqualTo(201);
    }

    @Test
    void resendAsksTheSameAndTakesAnOptionalBody() throws Exception {
        Contact contact = contactAt("yahooo.com");
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String id = scenario.idOf(invitation);
        var before = Tables.rowCounts(dataSource);

        Response refused = admin.postEmpty("/api/invitations/" + id + "/resend");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("warnings").get(0).get("suggestion").asText()).endsWith("@yahoo.com");
        assertThat(admin.postJson("/api/invitations/" + id + "/resend", Map.of()).status()).isEqualTo(422);
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);

        Response resent = admin.postJson("/api/invitations/" + id + "/resend", Map.of("acceptWarnings", true));
        assertThat(resent.status()).isEqualTo(202);
    }

    @Test
    void aResetLinkToASuppressedAddressIsRefusedAndWritesNothing() throws Exception {
        Contact contact = scenario.activeContact();
        suppressions.suppress(contact.email(), "complained", "feedback loop report", null);
        var before = Tables.rowCounts(dataSource);

        Response refused = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("email");
        assertThat(refused.json().get("detail").asText()).contains("complained: feedback loop report");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void aResetLinkToALikelyTypoNeedsAcceptance() {
        Contact contact = contactAt("outlok.com");
        scenario.inviteAndDeliver(contact);
        // the contact is invited, not active: the 422 comes before the reset's own rules, and acceptance reaches them
        Response refused = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("warnings").get(0).get("suggestion").asText()).endsWith("@outlook.com");
        Response accepted = admin.postJson("/api/contacts/" + contact.id() + "/password-reset-link",
                Map.of("acceptWarnings", true));
        assertThat(accepted.status()).isNotEqualTo(422);
    }

    @Test
    void malformedInputIsStill400() {
        Response wrongType = admin.postJson("/api/invitations", Map.of("contactId", scenario.newContact().id(),
                "acceptWarnings", "perhaps"));
        assertThat(wrongType.status()).isEqualTo(400);
        assertThat(wrongType.json().get("field").asText()).isEqualTo("acceptWarnings");
    }

    @Test
    void theChecksInOnePlace() {
        assertThat(checks.check("ada@example.org").clean()).isTrue();
        assertThat(checks.check("ada@example").firstError()).get()
                .extracting(PreSendChecks.Finding::code).isEqualTo(PreSendChecks.INVALID_ADDRESS);
        assertThat(checks.check("ada@example.org\r\nBcc: eve@example.org").firstError()).get()
                .extracting(PreSendChecks.Finding::code).isEqualTo(PreSendChecks.INVALID_ADDRESS);
        PreSendChecks.Result typo = checks.check(" Ada@gmail.con ");
        assertThat(typo.errors()).isEmpty();
        assertThat(typo.warnings()).singleElement().satisfies(w -> {
            assertThat(w.code()).isEqualTo(PreSendChecks.LIKELY_TYPO);
            assertThat(w.suggestion()).isEqualTo("Ada@gmail.com");
        });
        assertThat(checks.check("ada@acme.com").clean()).as("a company domain is not 'corrected'").isTrue();
    }
}
