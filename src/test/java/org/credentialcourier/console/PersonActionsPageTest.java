package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The console's doors to edit, disable, enable and delete a person ({@code PersonActionsController}) over HTTP: the
 * edit form with its problems and the typed values kept, the confirmation pages (GET asks, POST does), the notices
 * after POST-redirect-GET, the history, the CSRF refusal and the People page's "disabled" filter.
 */
@CourierTest
class PersonActionsPageTest {

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired ContactService contacts;
    @Autowired ContactHistory history;

    private Http admin;

    @BeforeEach
    void signIn() {
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void theEditFormRefusesBadValuesKeepingWhatWasTypedThenSaves() {
        Contact contact = scenario.newContact();
        Contact other = scenario.newContact();
        Response record = admin.get(page(contact));
        assertThat(record.body()).contains("Edit details", "Disable account", "Delete contact");
        Response form = admin.get(page(contact) + "/edit");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("value=\"" + contact.email() + "\"", "<label for=\"firstName\"");

        Response bad = admin.postForm(page(contact) + "/edit", fields(form, "<b>Ada</b>", "Lovelace",
                "no address", "de"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("Not saved", "aria-invalid=\"true\"", "value=\"no address\"",
                "&lt;b&gt;Ada&lt;/b&gt;", "Language must be one of en, fr.").doesNotContain("<b>Ada</b>");

        Response duplicate = admin.postForm(page(contact) + "/edit", fields(form, "Ada", "Lovelace",
                other.email(), "en"));
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.body()).contains("Another person has this email address already",
                "/admin/contacts/" + other.id());
        assertThat(contacts.get(contact.id()).email()).isEqualTo(contact.email());

        String newEmail = Scenario.uniqueEmail("ada.king");
        Response saved = admin.postForm(page(contact) + "/edit", fields(form, "Ada", "King", newEmail, "fr"));
        assertThat(saved.status()).isEqualTo(302);
        assertThat(saved.header("Location")).endsWith(page(contact));
        assertThat(admin.get(page(contact)).body()).contains("The details were saved.",
                "later emails go to " + newEmail, "Email address changed", contact.email() + " \u2192 " + newEmail,
                "Details changed", "last name, language (en \u2192 fr)", "Ada King");
    }

    @Test
    void disableAsksFirstThenEnableRestoresAndThePeoplePageFiltersDisabled() {
        String marker = ConsoleFixtures.marker("Dis");
        Contact contact = contacts.create(new org.credentialcourier.contact.NewContact(
                Scenario.uniqueEmail("dis"), "Ada", marker, "en"));
        Response confirm = admin.get(page(contact) + "/disable");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Disable the account?", "will not be able to sign in",
                "no email goes to them",
                "action=\"/admin/contacts/" + contact.id() + "/disable\"", "Cancel: keep it as it is");
        assertThat(contacts.get(contact.id()).accountStatus()).as("asking changes nothing")
                .isEqualTo(AccountStatus.NONE);

        assertThat(admin.postForm(page(contact) + "/disable", Map.of()).status()).as("no CSRF token")
                .isEqualTo(403);
        Response disabled = admin.postForm(page(contact) + "/disable", Map.of("_csrf", confirm.csrfToken()));
        assertThat(disabled.status()).isEqualTo(302);
        Response record = admin.get(page(contact));
        assertThat(record.body()).contains("The account was disabled", "account: disabled", "Enable account",
                "Account disabled").doesNotContain(">Invite<");
        assertThat(admin.get("/admin/contacts?account=disabled&q=" + marker).body()).contains(contact.email());
        assertThat(admin.get("/admin/contacts?account=none&q=" + marker).body()).doesNotContain(contact.email());

        admin.postForm(page(contact) + "/enable", Map.of("_csrf", record.csrfToken()));
        assertThat(admin.get(page(contact)).body()).contains("The account was enabled again (account: none)",
                "Account enabled", ">Invite<");
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.NONE);
    }

    @Test
    void deleteAsksFirstThenErasesAndLandsOnThePeoplePage() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        Response confirm = admin.get(page(contact) + "/delete");
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("Delete the contact?", "This cannot be undone", "Delete for good");

        Response deleted = admin.postForm(page(contact) + "/delete", Map.of("_csrf", confirm.csrfToken()));
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.header("Location")).endsWith("/admin/contacts");
        assertThat(admin.get("/admin/contacts").body()).contains("The contact was deleted");
        assertThat(admin.get(page(contact)).status()).isEqualTo(404);
        assertThat(admin.get(page(contact) + "/delete").status()).isEqualTo(404);
        assertThat(history.of(contact.id())).singleElement().satisfies(line -> {
            assertThat(line.type()).isEqualTo(ContactHistory.Type.CONTACT_DELETED);
            assertThat(line.actor()).isEqualTo("demo");
        });
    }

    private static Map<String, String> fields(Response form, String first, String last, String email, String lang) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("_csrf", form.csrfToken());
        fields.put("firstName", first);
        fields.put("lastName", last);
        fields.put("email", email);
        fields.put("language", lang);
        return fields;
    }

    private static String page(Contact contact) {
        return "/admin/contacts/" + contact.id();
    }
}
