package org.credentialcourier.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.system.CourierProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The member pages over HTTP as a newcomer meets them: they speak in the organisation's name
 * ({@code courier.organisation-name}), never the product's; a used or expired link's page leads on with real links to
 * sign in and to a new password; the sign-in asks for the "Password"; French pages keep French typography.
 */
@CourierTest
class MemberPagesTest {

    private static final String PASSWORD = "seven silent lanterns";
    private static final Pattern HEADER = Pattern.compile("<header>([^<]*)</header>");

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired Activation activation;
    @Autowired CourierProperties properties;

    private Http member;

    @BeforeEach
    void openBrowser() {
        BpmnAwareTests.init(engine);
        member = Http.anonymous(port);
    }

    @Test
    void theSignInPageSpeaksForTheOrganisationAndAsksForThePassword() {
        Response page = member.get("/sign-in");

        assertThat(page.status()).isEqualTo(200);
        speaksForTheOrganisation(page);
        assertThat(page.body()).contains("<label for=\"password\">Password</label>")
                .doesNotContain("Current password");
    }

    @Test
    void aUsedLinksPageLinksToSignIn() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();

        Response page = member.get("/activate?token=" + token);

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("data-problem=\"used\"", "<a href=\"/sign-in\">Sign in</a>",
                "<a href=\"/forgot-password\">Forgot your password?</a>");
        speaksForTheOrganisation(page);
        assertThat(member.get("/sign-in").status()).as("the link leads somewhere").isEqualTo(200);
    }

    @Test
    void anExpiredLinksPageLinksToSignInAndToANewPassword() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        execute(job(Elements.INVITATION_EXPIRED, invitation));

        Response page = member.get("/activate?token=" + token);

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("data-problem=\"expired\"", "<a href=\"/sign-in\">Sign in</a>",
                "<a href=\"/forgot-password\">");
        speaksForTheOrganisation(page);
    }

    @Test
    void anUnknownLinksPageSpeaksForTheOrganisationToo() {
        Response page = Http.anonymousFrom("203.0.113.51", port).get("/activate?token=nothing-like-it");

        assertThat(page.status()).isEqualTo(404);
        speaksForTheOrganisation(page);
    }

    @Test
    void aFrenchUsedLinksPageIsInFrenchWithItsTypography() {
        Contact contact = scenario.newContact("fr");
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();

        Response page = member.getWith("/activate?token=" + token, "Accept-Language", "fr");

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("Ce lien a déjà été utilisé\u202f: votre compte est actif",
                "<a href=\"/sign-in\">Se connecter</a>", "Mot de passe oublié\u202f?");
        speaksForTheOrganisation(page);
    }

    @Test
    void theForgotPasswordPageSpeaksForTheOrganisation() {
        speaksForTheOrganisation(member.get("/forgot-password"));
    }

    /** The header is the organisation's name, and apart from it the page never names the product. */
    private void speaksForTheOrganisation(Response page) {
        Matcher header = HEADER.matcher(page.body());
        assertThat(header.find()).as("a header").isTrue();
        assertThat(header.group(1)).isEqualTo(properties.organisationName());
        assertThat(page.body().replace(properties.organisationName(), "")).doesNotContain("Credential Courier");
    }
}
