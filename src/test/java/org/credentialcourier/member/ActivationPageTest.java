package org.credentialcourier.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The member's activation page: forged, reused, expired, cancelled and replaced links, and the password policy. */
@CourierTest
class ActivationPageTest {

    private static final String PASSWORD = "seven silent lanterns";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired DataSource dataSource;

    private Http member;

    @BeforeEach
    void openBrowser() {
        BpmnAwareTests.init(engine);
        member = Http.anonymous(port);
    }

    @ParameterizedTest(name = "token [{0}] is unknown")
    @ValueSource(strings = {"", "forged", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "..%2F..%2Fadmin",
            "%3Cscript%3Ealert(1)%3C%2Fscript%3E", "%24%7B7*7%7D", "' OR '1'='1"})
    void forgedLinkIsUnknown(String token) {
        Response page = Http.anonymousFrom("203.0.113.3", port).get("/activate?token=" + token.replace(" ", "%20").replace("'", "%27"));
        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("We do not know this link").doesNotContain("<script>alert");
    }

    @Test
    void overLongTokenIsUnknown() {
        assertThat(Http.anonymousFrom("203.0.113.3", port).get("/activate?token=" + "A".repeat(5000)).status())
                .isEqualTo(404);
    }

    @Test
    void missingTokenIsUnknown() {
        assertThat(Http.anonymousFrom("203.0.113.3", port).get("/activate").status()).isEqualTo(404);
    }

    @Test
    void guessingTokensIsSlowedDownForThatClientOnly() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Http guesser = Http.anonymousFrom("203.0.113.4", port);
        for (int guess = 0; guess < 20; guess++) {
            assertThat(guesser.get("/activate?token=guess" + guess).status()).isEqualTo(404);
        }
        Response throttled = guesser.get("/reset-password?token=guess-again");
        assertThat(throttled.status()).isEqualTo(429);
        assertThat(throttled.header("Retry-After")).isNotNull();
        assertThat(throttled.body()).contains("Too many links that lead nowhere");
        assertThat(guesser.get("/activate?token=" + token).status()).as("even a real link, from that client")
                .isEqualTo(429);
        assertThat(member.get("/activate?token=" + token).status()).as("other clients are not affected").isEqualTo(200);
    }

    @Test
    void weakPasswordIsRefusedAndTheLinkStaysValid() throws Exception {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Response page = member.get("/activate?token=" + token);
        var before = Tables.rowCounts(dataSource);

        Response tooShort = submit(page, token, "short", "short");
        assertThat(tooShort.status()).isEqualTo(422);
        assertThat(tooShort.body()).contains("at least 12 characters");
        Response personal = submit(page, token, "lovelace rules the world", "lovelace rules the world");
        assertThat(personal.body()).contains("must not contain your name");
        Response mismatch = submit(page, token, PASSWORD, PASSWORD + "!");
        assertThat(mismatch.body()).contains("are not the same");

        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        assertThat(member.get("/activate?token=" + token).status()).isEqualTo(200);
        assertThat(submit(page, token, PASSWORD, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void submittingWithoutTheCsrfTokenIsRefused() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        Response forged = member.postForm("/activate", Map.of("token", token, "password", PASSWORD,
                "passwordConfirmation", PASSWORD));
        assertThat(forged.status()).isEqualTo(403);
        assertThat(member.get("/activate?token=" + token).status()).isEqualTo(200);
    }

    @Test
    void expiredLinkSaysSo() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        execute(job(Elements.INVITATION_EXPIRED, invitation));

        Response page = member.get("/activate?token=" + token);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("This link has expired", "<a href=\"/sign-in\">Sign in</a>",
                "<a href=\"/forgot-password\">Forgot your password?</a>");
    }

    @Test
    void cancelledAndReplacedLinksSaySo() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String first = scenario.lastToken(contact.email());
        invitations.resend(scenario.idOf(invitation), "demo");
        scenario.runDeliveryJob(scenario.delivery(invitation));
        String second = scenario.lastToken(contact.email());
        Response replaced = member.get("/activate?token=" + first);
        assertThat(replaced.status()).isEqualTo(410);
        assertThat(replaced.body()).contains("A newer email was sent to you");

        invitations.cancel(scenario.idOf(invitation), "system");
        Response cancelled = member.get("/activate?token=" + second);
        assertThat(cancelled.status()).isEqualTo(410);
        assertThat(cancelled.body()).contains("This invitation was cancelled");
    }

    @Test
    void pageAndEmailSpeakTheContactsLanguage() {
        Contact contact = scenario.newContact("fr");
        scenario.inviteAndDeliver(contact);
        var mail = scenario.mailsTo(contact.email()).get(0);
        assertThat(Scenario.text(mail)).contains("Bonjour Ada,", "Activer mon compte");
        String token = scenario.lastToken(contact.email());

        Response page = member.get("/activate?token=" + token);
        assertThat(page.body()).contains("lang=\"fr\"", "Bienvenue, Ada", "Choisissez un mot de passe");
        Response done = submit(page, token, PASSWORD, PASSWORD);
        assertThat(done.body()).contains("Votre compte est actif");
    }

    private Response submit(Response page, String token, String password, String confirmation) {
        return member.postForm("/activate", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", password, "passwordConfirmation", confirmation));
    }
}
