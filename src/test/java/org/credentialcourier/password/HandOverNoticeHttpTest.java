package org.credentialcourier.password;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A password handed over by hand, with the notice ({@code manual}) or without ({@code manual-no-notice}), over real
 * HTTP through the console and the REST API: the notice reaches the contact exactly once and never carries the
 * password; the console shows the password once whatever the reloads.
 */
@CourierTest
class HandOverNoticeHttpTest {

    private static final Pattern SECRET = Pattern.compile("<p class=\"secret\" data-copy=\"the password\">([^<]+)</p>");

    @LocalServerPort int port;
    @Autowired Scenario scenario;
    @Autowired RuntimeService runtime;
    @Autowired AccountPasswords passwords;

    private Http admin;

    @BeforeEach
    void signIn() {
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void restManualSendsOneNoticeWithoutThePassword() {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();

        String password = changeOverRest(contact, "manual");

        deliverTheNotice(contact);
        List<MimeMessage> mails = scenario.mailsTo(contact.email());
        assertThat(mails).as("exactly one notice").hasSize(mailsBefore + 1);
        MimeMessage notice = scenario.lastMail(contact.email());
        assertThat(header(notice)).isEqualTo(PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE);
        assertThat(Scenario.text(notice)).contains("Your administrator changed the password of your")
                .doesNotContain(password);
    }

    @Test
    void restManualNoNoticeSendsNothing() {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();

        changeOverRest(contact, "manual-no-notice");

        assertThat(runningChangesOf(contact)).as("ended at once, no notice to deliver").isEmpty();
        assertThat(scenario.mailsTo(contact.email())).hasSize(mailsBefore);
    }

    @Test
    void aBadDeliveryIsRefusedNamingTheField() {
        Contact contact = scenario.activeContact();

        Response bad = admin.postJson(api(contact), Map.of("delivery", "manual_with_notice"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("field").asText()).isEqualTo("delivery");
        assertThat(bad.body()).contains("manual-no-notice");

        Response page = admin.get(page(contact));
        Response badForm = admin.postForm(page(contact) + "/password",
                Map.of("_csrf", page.csrfToken(), "delivery", "notice"));
        assertThat(badForm.status()).isEqualTo(400);
        assertThat(badForm.body()).contains("delivery must be email, manual or manual-no-notice")
                .doesNotContain("Exception");
        assertThat(runningChangesOf(contact)).isEmpty();
    }

    @Test
    void consoleOffersBothHandOversAndTheQuietOneShowsOnceAndSendsNothing() {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        assertThat(admin.get(page(contact)).body()).contains("value=\"manual\"", "value=\"manual-no-notice\"",
                "<label for=\"delivery-manual-no-notice\">");

        Shown shown = handOverInTheConsole(contact, "manual-no-notice");
        String password = shown.password();

        Response again = admin.get(shown.revealPage());
        assertThat(again.body()).contains("This password was shown already", "value=\"manual-no-notice\"")
                .doesNotContain(password);
        assertThat(runningChangesOf(contact)).isEmpty();
        assertThat(scenario.mailsTo(contact.email())).as("no notice, even after a reload").hasSize(mailsBefore);
    }

    @Test
    void consoleManualNoticeIsSentOnceWhateverTheReloads() {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        Shown shown = handOverInTheConsole(contact, "manual");
        String password = shown.password();
        admin.get(shown.revealPage());
        admin.get(shown.revealPage());
        deliverTheNotice(contact);

        assertThat(scenario.mailsTo(contact.email())).as("exactly one notice").hasSize(mailsBefore + 1);
        assertThat(Scenario.text(scenario.lastMail(contact.email()))).doesNotContain(password);
        assertThat(runningChangesOf(contact)).isEmpty();
    }

    /** The change over REST: 201, done at once (the reveal is the hand-over), with the new password. */
    private String changeOverRest(Contact contact, String delivery) {
        Response changed = admin.postJson(api(contact), Map.of("delivery", delivery));
        assertThat(changed.status()).isEqualTo(201);
        assertThat(changed.json().get("delivery").asText()).isEqualTo(delivery);
        assertThat(changed.json().get("status").asText()).isEqualTo("done");
        String password = changed.json().get("password").asText();
        assertThat(passwords.verify(contact.id(), password)).isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
        return password;
    }

    private record Shown(String revealPage, String password) {
    }

    /** POST, 303, the GET that shows the new password: the console's one-time reveal. */
    private Shown handOverInTheConsole(Contact contact, String delivery) {
        Response page = admin.get(page(contact));
        Response made = admin.postForm(page(contact) + "/password",
                Map.of("_csrf", page.csrfToken(), "delivery", delivery));
        assertThat(made.status()).isEqualTo(303);
        String revealPage = made.header("Location");
        Matcher secret = SECRET.matcher(admin.get(revealPage).body());
        assertThat(secret.find()).isTrue();
        assertThat(passwords.verify(contact.id(), secret.group(1))).isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
        return new Shown(revealPage, secret.group(1));
    }

    private void deliverTheNotice(Contact contact) {
        List<ProcessInstance> changes = runningChangesOf(contact);
        assertThat(changes).as("waiting for its notice").hasSize(1);
        scenario.runDeliveryJob(runtime.createProcessInstanceQuery().superProcessInstanceId(changes.get(0).getId())
                .singleResult());
    }

    private List<ProcessInstance> runningChangesOf(Contact contact) {
        return runtime.createProcessInstanceQuery().processDefinitionKey(PasswordChangeProcess.PROCESS_KEY)
                .variableValueEquals(PasswordChangeProcess.Vars.CONTACT_ID, contact.id()).list();
    }

    private static String header(MimeMessage mail) {
        try {
            return mail.getHeader("X-Courier-Template")[0];
        } catch (jakarta.mail.MessagingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String api(Contact contact) {
        return "/api/contacts/" + contact.id() + "/password";
    }

    private static String page(Contact contact) {
        return "/admin/contacts/" + contact.id();
    }
}
