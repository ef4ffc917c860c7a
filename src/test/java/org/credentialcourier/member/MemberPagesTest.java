package org.credentialcourier.member;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
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
 * ({@code courier.organisation-name}), never the product's; a used link's page (an expired one: ActivationPageTest) leads on with real links to
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
        Response page = member.get("/activate?token=" + usedLink("en"));

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("data-problem=\"used\"", "<a href=\"/sign-in\">Sign in</a>",
                "<a href=\"/forgot-password\">Forgot your password?</a>");
        speaksForTheOrganisation(page);
        assertThat(member.get("/sign-in").status()).as("the link leads somewhere").isEqualTo(200);
    }

    @Test
    void anUnknownLinksPageSpeaksForTheOrganisationToo() {
        Response page = Http.anonymousFrom("203.0.113.51", port).get("/activate?token=nothing-like-it");

        assertThat(page.status()).isEqualTo(404);
        speaksForTheOrganisation(page);
    }

    @Test
    void aFrenchUsedLinksPageIsInFrenchWithItsTypography() {
        Response page = member.getWith("/activate?token=" + usedLink("fr"), "Accept-Language", "fr");

        assertThat(page.status()).isEqualTo(410);
        assertThat(page.body()).contains("Ce lien a déjà été utilisé\u202f: votre compte est actif",
                "<a href=\"/sign-in\">Se connecter</a>", "Mot de passe oublié\u202f?");
        speaksForTheOrganisation(page);
    }

    @Test
    void theForgotPasswordPageSpeaksForTheOrganisation() {
        speaksForTheOrganisation(member.get("/forgot-password"));
    }

    /** The activation link of a contact speaking {@code locale} who has just used it. */
    private String usedLink(String locale) {
        Contact contact = scenario.newContact(locale);
        scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();
        return token;
    }

    /** The header is the organisation's name, and apart from it the page never names the product. */
    private void speaksForTheOrganisation(Response page) {
        Matcher header = HEADER.matcher(page.body());
        assertThat(header.find()).as("a header").isTrue();
        assertThat(header.group(1)).isEqualTo(properties.organisationName());
        assertThat(page.body().replace(properties.organisationName(), "")).doesNotContain("Credential Courier");
    }
}
