package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.invitation.InvitationRepository;
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
 * The pre-send checks on the console (issue 16): "Add a person" and the person's Invite say "Did you mean …?" and
 * add or send only when the admin goes ahead even so; an address that must not be sent to is refused.
 */
@CourierTest
class PreSendPagesTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired ContactService contacts;
    @Autowired InvitationRepository invitations;
    @Autowired Suppressions suppressions;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    private Map<String, String> person(String csrf, String email, boolean invite) {
        Map<String, String> fields = new HashMap<>(Map.of("_csrf", csrf, "firstName", "Grace", "lastName", "Hopper",
                "email", email, "language", "en"));
        if (invite) {
            fields.put("invite", "true");
        }
        return fields;
    }

    @Test
    void addingAPersonAtALikelyTypoAsksFirstAndAddsWhenTheAdminGoesAhead() throws Exception {
        String csrf = admin.get("/admin/contacts/new").csrfToken();
        String typo = Scenario.uniqueEmail("console.typo").replace("@example.org", "@gmial.com");
        var before = Tables.rowCounts(dataSource);

        Response asked = admin.postForm("/admin/contacts", person(csrf, typo, true));

        assertThat(asked.status()).isEqualTo(422);
        assertThat(asked.body()).contains("Not added yet: check the address.",
                "Did you mean " + typo.replace("@gmial.com", "@gmail.com") + "?",
                "<label for=\"acceptWarnings\">Add and send even so", "value=\"" + typo + "\"");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);

        Map<String, String> evenSo = person(csrf, typo, true);
        evenSo.put("acceptWarnings", "true");
        Response added = admin.postForm("/admin/contacts", evenSo);
        assertThat(added.status()).isEqualTo(302);
        Contact grace = contacts.findByEmail(typo).orElseThrow();
        assertThat(invitations.findOpenForContact(grace.id())).isPresent();
    }

    @Test
    void aSuppressedAddressCannotBeInvitedFromTheForm() throws Exception {
        String csrf = admin.get("/admin/contacts/new").csrfToken();
        String blocked = Scenario.uniqueEmail("console.blocked");
        suppressions.suppress(blocked, "bounced", "5.1.1 no such mailbox", null);
        var before = Tables.rowCounts(dataSource);

        Map<String, String> evenSo = person(csrf, blocked, true);
        evenSo.put("acceptWarnings", "true");
        Response refused = admin.postForm("/admin/contacts", evenSo);

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body()).contains("id=\"email-problem\">Email cannot be invited: ",
                "is on the suppression list since");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void thePersonsInviteSaysDidYouMeanAndOffersInviteEvenSo() {
        Contact contact = contacts.create(new NewContact(
                Scenario.uniqueEmail("console.page").replace("@example.org", "@yahooo.com"), "Ada", "Lovelace", "en"));
        String page = "/admin/contacts/" + contact.id();
        String csrf = admin.get(page).csrfToken();

        Response asked = admin.postForm(page + "/invite", Map.of("_csrf", csrf));
        assertThat(asked.status()).isEqualTo(302);
        assertThat(invitations.findOpenForContact(contact.id())).isEmpty();
        String shown = admin.get(page).body();
        assertThat(shown).contains("Not sent yet: Did you mean " + contact.email().replace("@yahooo.com", "@yahoo.com")
                + "?", "id=\"invite-even-so\"", "Invite even so");

        admin.postForm(page + "/invite", Map.of("_csrf", csrf, "acceptWarnings", "true"));
        assertThat(invitations.findOpenForContact(contact.id())).isPresent();
    }

    @Test
    void thePersonsResendAndResetLinkRefuseASuppressedAddress() throws Exception {
        Contact invited = contacts.create(new NewContact(Scenario.uniqueEmail("console.resend"), "Ada", "Byron", "en"));
        String page = "/admin/contacts/" + invited.id();
        String csrf = admin.get(page).csrfToken();
        admin.postForm(page + "/invite", Map.of("_csrf", csrf));
        assertThat(admin.get(page).body()).contains("Invitation sent to " + invited.email());
        String invitation = invitations.findOpenForContact(invited.id()).orElseThrow().id();
        suppressions.suppress(invited.email(), "bounced", "5.1.1 user unknown", null);
        var before = Tables.rowCounts(dataSource);

        admin.postForm(page + "/invitations/" + invitation + "/resend", Map.of("_csrf", csrf));
        assertThat(admin.get(page).body()).contains("Not sent: " + invited.email() + " is on the suppression list");
        admin.postForm(page + "/reset-link", Map.of("_csrf", csrf));
        assertThat(admin.get(page).body()).contains("Not sent: " + invited.email() + " is on the suppression list");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }
}
