package org.credentialcourier.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Several portals with start pages: an invitation that names its portal ({@code POST /api/invitations} with
 * {@code portal}) names that portal and its start page in the email, and activation ends there; an unknown portal
 * is refused naming the field, with no invitation made. A reset later ends on that portal's start page too. The portals are removed afterwards, so the other tests'
 * activations still end on Courier's own page.
 */
@CourierTest
class PortalStartPagesTest {

    private static final String REDIRECT = "http://127.0.0.1:9/login/oauth2/code/courier";

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired JdbcClient jdbc;
    @Autowired org.camunda.bpm.engine.RuntimeService runtime;

    private final List<String> registered = new java.util.ArrayList<>();

    @AfterEach
    void removePortals() {
        registered.forEach(clientId -> admin().delete("/api/portals/" + clientId));
    }

    @Test
    void anInvitationThatNamesItsPortalLeadsThereFromTheEmailAndTheActivation() throws Exception {
        String first = register("Library portal", "https://library.example.org/members");
        String second = register("Sports club portal", "https://club.example.org/start");
        Contact contact = scenario.newContact();
        Response invited = admin().postJson("/api/invitations", Map.of("contactId", contact.id(), "portal", second));
        assertThat(invited.status()).as(invited.body()).isEqualTo(201);
        scenario.runDeliveryJob(scenario.delivery(scenario.instanceOf(invited.json().get("id").asText())));

        String text = Scenario.text(scenario.lastMail(contact.email()));
        assertThat(text).contains("Sports club portal").contains("https://club.example.org/start")
                .doesNotContain("Library portal");
        String token = scenario.lastToken(contact.email());
        Http browser = Http.anonymous(port);
        Response form = browser.get("/activate?token=" + token);
        Response activated = browser.postForm("/activate", Map.of("_csrf", form.csrfToken(), "token", token,
                "password", Scenario.MEMBER_PASSWORD, "passwordConfirmation", Scenario.MEMBER_PASSWORD));
        assertThat(activated.status()).isEqualTo(302);
        assertThat(activated.header("Location")).isEqualTo("https://club.example.org/start");

        // a reset later ends on the same portal's start page
        Response forgot = browser.get("/forgot-password");
        browser.postForm("/forgot-password", Map.of("_csrf", forgot.csrfToken(), "email", contact.email()));
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(20)).until(() -> resetInstance(contact) != null);
        scenario.runDeliveryJob(scenario.delivery(resetInstance(contact)));
        String resetToken = scenario.lastToken(contact.email());
        Response resetForm = browser.get("/reset-password?token=" + resetToken);
        Response reset = browser.postForm("/reset-password", Map.of("_csrf", resetForm.csrfToken(), "token",
                resetToken, "password", "another passphrase for the club 5", "passwordConfirmation",
                "another passphrase for the club 5"));
        assertThat(reset.status()).as(reset.body()).isEqualTo(302);
        assertThat(reset.header("Location")).isEqualTo("https://club.example.org/start");

        // without a portal named, with two start pages, Courier does not guess
        Contact other = scenario.newContact();
        scenario.runDeliveryJob(scenario.delivery(scenario.invite(other)));
        String otherText = Scenario.text(scenario.lastMail(other.email()));
        assertThat(otherText).doesNotContain("Sports club portal").doesNotContain("Library portal");
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void theConsoleOffersThePortalsWithAStartPageAndTheInvitationNamesTheChosenOne() {
        String first = register("Library portal", "https://library.example.org/members");
        register("Sports club portal", "https://club.example.org/start");
        Contact contact = scenario.newContact();
        Http console = admin();
        Response page = console.get("/admin/contacts/" + contact.id());
        assertThat(page.body()).contains("<select id=\"invite-portal\" name=\"portal\">")
                .contains("value=\"" + first + "\"");
        Response invited = console.postForm("/admin/contacts/" + contact.id() + "/invite",
                Map.of("_csrf", page.csrfToken(), "portal", first));
        assertThat(invited.status()).isIn(302, 303);
        assertThat(jdbc.sql("SELECT portal_client_id FROM invitation WHERE contact_id = :id")
                .param("id", contact.id()).query(String.class).single()).isEqualTo(first);

        Contact refused = scenario.newContact();
        Response unknown = console.postForm("/admin/contacts/" + refused.id() + "/invite",
                Map.of("_csrf", page.csrfToken(), "portal", "no-such-portal"));
        assertThat(unknown.status()).isIn(302, 303);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE contact_id = :id").param("id", refused.id())
                .query(Integer.class).single()).isZero();
    }

    @Test
    void anUnknownPortalIsRefusedNamingTheFieldAndNothingIsMade() {
        Contact contact = scenario.newContact();
        Response refused = admin().postJson("/api/invitations", Map.of("contactId", contact.id(),
                "portal", "no-such-portal"));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.json().get("field").asText()).isEqualTo("portal");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM invitation WHERE contact_id = :id").param("id", contact.id())
                .query(Integer.class).single()).isZero();
        assertThat(contacts.get(contact.id()).accountStatus()).isNotEqualTo(AccountStatus.INVITED);
    }

    private org.camunda.bpm.engine.runtime.ProcessInstance resetInstance(Contact contact) {
        List<String> ids = jdbc.sql("SELECT id FROM password_reset WHERE contact_id = :id AND status = 'PENDING'")
                .param("id", contact.id()).query(String.class).list();
        return ids.isEmpty() ? null : runtime.createProcessInstanceQuery()
                .processDefinitionKey(org.credentialcourier.reset.PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals("resetId", ids.get(0)).singleResult();
    }

    private String register(String name, String startPage) {
        String clientId = "start-" + System.nanoTime();
        Response answer = admin().postJson("/api/portals", Map.of("clientId", clientId, "name", name,
                "redirectUris", List.of(REDIRECT), "startPage", startPage));
        assertThat(answer.status()).as(answer.body()).isEqualTo(201);
        registered.add(clientId);
        return clientId;
    }

    private Http admin() {
        return Http.as(port, "demo", "demo");
    }
}
