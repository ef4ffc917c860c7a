package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;

import java.util.Map;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Issue 13, case 7: a change of a contact's password, by whatever door, ends every other outstanding credential of
 * the account: unused reset and activation links, and the sessions opened before it. The member who changed their
 * own password stays signed in in that browser only.
 */
@CourierTest
class CredentialEndTest {

    private static final String CHOSEN = "granite rivers whisper 9";
    private static final String LATER = "copper lanterns drift 7";

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired RuntimeService runtime;
    @Autowired Scenario scenario;

    private Http admin;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void resetLinkStopsWorkingOnceTheMemberChangesTheirPassword() {
        Contact contact = scenario.activeContact();
        String token = resetLink(contact);
        Http member = Http.anonymous(port);
        assertThat(signIn(member, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");

        assertThat(changeOwnPassword(member, Scenario.MEMBER_PASSWORD, CHOSEN).status()).isEqualTo(302);

        assertLinkRevoked(token, contact);
        assertThat(signIn(Http.anonymous(port), contact.email(), CHOSEN).header("Location")).endsWith("/account");
    }

    @Test
    void resetLinkStopsWorkingOnceAnAdminSetsAPassword() {
        Contact contact = scenario.activeContact();
        String token = resetLink(contact);

        Response changed = admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "manual"));
        assertThat(changed.status()).isEqualTo(201);

        assertLinkRevoked(token, contact);
        assertThat(signIn(Http.anonymous(port), contact.email(), changed.json().get("password").asText())
                .header("Location")).endsWith("/change-password");
    }

    @Test
    void sessionOpenedBeforeAnAdminSetAPasswordIsSignedOut() {
        Contact contact = scenario.activeContact();
        Http sessionA = Http.anonymous(port);
        assertThat(signIn(sessionA, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");
        assertThat(sessionA.get("/account").status()).isEqualTo(200);

        assertThat(admin.postJson("/api/contacts/" + contact.id() + "/password", Map.of("delivery", "manual"))
                .status()).isEqualTo(201);

        Response next = sessionA.get("/account");
        assertThat(next.status()).isEqualTo(302);
        assertThat(next.header("Location")).endsWith("/sign-in");
        assertThat(sessionA.get("/change-password").header("Location")).endsWith("/sign-in");
    }

    @Test
    void sessionOpenedBeforeAResetIsSignedOut() {
        Contact contact = scenario.activeContact();
        Http sessionA = Http.anonymous(port);
        assertThat(signIn(sessionA, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");
        String token = resetLink(contact);

        Http elsewhere = Http.anonymous(port);
        Response page = elsewhere.get("/reset-password?token=" + token);
        Response done = elsewhere.postForm("/reset-password", Map.of("_csrf", page.csrfToken(), "token", token,
                "password", CHOSEN, "passwordConfirmation", CHOSEN));
        assertThat(done.status()).isEqualTo(200);

        assertThat(sessionA.get("/account").header("Location")).endsWith("/sign-in");
    }

    @Test
    void ownChangeKeepsThisSessionAndEndsTheMembersOtherSessions() {
        Contact contact = scenario.activeContact();
        Http sessionB = Http.anonymous(port);
        Http sessionC = Http.anonymous(port);
        assertThat(signIn(sessionB, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");
        assertThat(signIn(sessionC, contact.email(), Scenario.MEMBER_PASSWORD).header("Location")).endsWith("/account");

        assertThat(changeOwnPassword(sessionB, Scenario.MEMBER_PASSWORD, CHOSEN).header("Location"))
                .endsWith("/account?changed");

        Response stillB = sessionB.get("/account");
        assertThat(stillB.status()).isEqualTo(200);
        assertThat(stillB.body()).contains("You are signed in as Ada Lovelace");
        Response endedC = sessionC.get("/account");
        assertThat(endedC.status()).isEqualTo(302);
        assertThat(endedC.header("Location")).endsWith("/sign-in");

        // B can change it again with the new current password, and stays signed in
        assertThat(changeOwnPassword(sessionB, CHOSEN, LATER).header("Location")).endsWith("/account?changed");
        assertThat(sessionB.get("/account").status()).isEqualTo(200);
    }

    // ---- helpers ----

    private void assertLinkRevoked(String token, Contact contact) {
        Http browser = Http.anonymous(port);
        Response page = browser.get("/reset-password?token=" + token);
        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("data-problem=\"password_changed\"")
                .contains("Your password was changed after this link was sent");
        Response submitted = browser.postForm("/reset-password", Map.of("_csrf", Http.anonymous(port)
                        .get("/sign-in").csrfToken(), "token", token, "password", LATER,
                "passwordConfirmation", LATER));
        assertThat(submitted.status()).isIn(403, 410);
        assertThat(signIn(Http.anonymous(port), contact.email(), LATER).status()).isEqualTo(401);
    }

    /** An admin sends a reset link; its delivery runs; the link's token. */
    private String resetLink(Contact contact) {
        Response sent = admin.postEmpty("/api/contacts/" + contact.id() + "/password-reset-link");
        assertThat(sent.status()).isEqualTo(202);
        ProcessInstance reset = runtime.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals("resetId", sent.json().get("id").asText()).singleResult();
        scenario.runDeliveryJob(calledProcessInstance(reset));
        String token = scenario.lastToken(contact.email());
        assertThat(Http.anonymous(port).get("/reset-password?token=" + token).status()).isEqualTo(200);
        return token;
    }

    private static Response changeOwnPassword(Http member, String current, String chosen) {
        Response form = member.get("/change-password");
        assertThat(form.status()).isEqualTo(200);
        return member.postForm("/change-password", Map.of("_csrf", form.csrfToken(), "currentPassword", current,
                "password", chosen, "passwordConfirmation", chosen));
    }

    private static Response signIn(Http browser, String email, String password) {
        Response form = browser.get("/sign-in");
        return browser.postForm("/sign-in", Map.of("_csrf", form.csrfToken(), "email", email, "password", password));
    }
}
