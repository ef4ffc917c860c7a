package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationEvent;
import org.credentialcourier.invitation.InvitationRepository;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The contact record {@code /admin/contacts/{id}} over HTTP: what it shows, each action and each refusal as a message
 * on the page (POST-redirect-GET), the new password shown once, Retry of a failed email from the mail log or its
 * hand-over by hand, and the 404 and CSRF refusals.
 */
@CourierTest
class ContactPageTest {

    private static final Pattern SECRET = Pattern.compile("<p class=\"secret\" data-copy=\"the password\">([^<]+)</p>");

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired InvitationRepository invitationRows;
    @Autowired ContactHistory contactHistory;
    @Autowired AccountPasswords passwords;
    @Autowired MailLog mailLog;
    @Autowired RuntimeService runtime;
    @Autowired JdbcClient jdbc;
    @Autowired DataSource dataSource;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void showsDetailsInvitationWithItsTimelineCockpitLinkAndTheMailLog() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);

        Response page = admin.get(page(contact));

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains(contact.email(), "Ada Lovelace", "account: invited",
                "Invitation email sent", "Invited", "by demo", "Resend invitation", "Cancel invitation",
                "href=\"/camunda/app/cockpit/default/#/process-instance/" + invitation.getId() + "\"",
                "Server's reply", "Change password and Send reset link need an active account")
                .doesNotContain("token=");
    }

    @Test
    void resendThenCancelFromTheRecordAndARefusalForTheStalePage() {
        Contact contact = scenario.newContact();
        String id = scenario.idOf(scenario.inviteAndDeliver(contact));
        Response page = admin.get(page(contact));

        Response resent = admin.postForm(page(contact) + "/invitations/" + id + "/resend",
                Map.of("_csrf", page.csrfToken()));
        assertThat(resent.status()).isEqualTo(302);
        assertThat(resent.header("Location")).endsWith(page(contact));
        assertThat(admin.get(page(contact)).body()).contains("Invitation resent to " + contact.email());
        assertThat(invitationRows.events(id)).extracting(InvitationEvent::type).contains(InvitationEvent.Type.RESENT);

        admin.postForm(page(contact) + "/invitations/" + id + "/cancel", Map.of("_csrf", page.csrfToken()));
        assertThat(invitations.get(id).status()).isEqualTo(InvitationStatus.CANCELLED);
        Response after = admin.get(page(contact));
        assertThat(after.body()).contains("Invitation cancelled", "role=\"status\"")
                .doesNotContain(">Resend invitation<", ">Cancel invitation<");

        // the page loaded before the cancel still offers Resend: the refusal is a sentence, nothing changes
        admin.postForm(page(contact) + "/invitations/" + id + "/resend", Map.of("_csrf", page.csrfToken()));
        Response refused = admin.get(page(contact));
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.body()).contains("role=\"alert\"",
                "An invitation that is cancelled cannot be resent. Nothing was changed.");
        assertThat(invitations.get(id).status()).isEqualTo(InvitationStatus.CANCELLED);
    }

    @Test
    void inviteAndItsRefusalWhileAnInvitationIsOpen() {
        Contact contact = scenario.newContact();
        Response page = admin.get(page(contact));
        assertThat(page.body()).contains(">Invite<");

        admin.postForm(page(contact) + "/invite", Map.of("_csrf", page.csrfToken()));
        assertThat(invitationRows.findOpenForContact(contact.id())).isPresent();
        assertThat(admin.get(page(contact)).body()).contains("Invitation sent to " + contact.email());

        admin.postForm(page(contact) + "/invite", Map.of("_csrf", page.csrfToken()));
        assertThat(admin.get(page(contact)).body())
                .contains("The contact has an open invitation already: resend or cancel it. Nothing was changed.");
        assertThat(invitationRows.forContact(contact.id())).hasSize(1);
    }

    @Test
    void passwordActionsForAnActiveContact() {
        Contact contact = scenario.activeContact();
        Response page = admin.get(page(contact));
        assertThat(page.body()).contains("Change password", "Send reset link",
                "The contact has an active account: send a reset link or change the password instead.");

        Response made = admin.postForm(page(contact) + "/password",
                Map.of("_csrf", page.csrfToken(), "delivery", "manual"));
        assertThat(made.status()).isEqualTo(303);
        Response shown = admin.get(made.header("Location"));
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("Cache-Control")).contains("no-store");
        Matcher secret = SECRET.matcher(shown.body());
        assertThat(secret.find()).as(shown.body()).isTrue();
        assertThat(passwords.verify(contact.id(), secret.group(1))).isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
        assertThat(admin.get(page(contact)).body()).as("shown once, and not in the record")
                .doesNotContain(secret.group(1)).contains("New password shown for a hand-over");

        admin.postForm(page(contact) + "/password", Map.of("_csrf", page.csrfToken(), "delivery", "email"));
        assertThat(admin.get(page(contact)).body()).contains("A new password is on its way to " + contact.email(),
                "Password change requested");
        // one change at a time (issue 13, case 12): while the emailed one is on its way, another is refused
        admin.postForm(page(contact) + "/password", Map.of("_csrf", page.csrfToken(), "delivery", "manual"));
        assertThat(admin.get(page(contact)).body()).contains("The contact has an open password change already");

        admin.postForm(page(contact) + "/reset-link", Map.of("_csrf", page.csrfToken()));
        assertThat(admin.get(page(contact)).body()).contains("A reset link is on its way to " + contact.email(),
                "Reset link requested");
        assertThat(contactHistory.of(contact.id())).extracting(ContactHistory.Entry::actor).containsOnly("demo");
    }

    @Test
    void aPasswordToHandOverIsMadeOnceAndShownOnceWhateverTheReloads() throws Exception {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        Response page = admin.get(page(contact));

        Response made = admin.postForm(page(contact) + "/password",
                Map.of("_csrf", page.csrfToken(), "delivery", "manual"));
        assertThat(made.status()).as("POST, then a GET of the page that shows it").isEqualTo(303);
        String revealPage = made.header("Location");
        assertThat(revealPage).matches("/admin/contacts/" + contact.id() + "/password/revealed/[A-Za-z0-9_-]{24}");
        assertThat(made.body()).isEmpty();

        Response shown = admin.get(revealPage);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("Cache-Control")).contains("no-store");
        assertThat(shown.header("Referrer-Policy")).isEqualTo("no-referrer");
        Matcher secret = SECRET.matcher(shown.body());
        assertThat(secret.find()).as(shown.body()).isTrue();
        String password = secret.group(1);
        assertThat(passwords.verify(contact.id(), password)).isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);
        assertThat(revealPage).doesNotContain(password);

        // a reload, and Back to it after the record: "already shown", nothing made or sent again
        for (int visit = 0; visit < 2; visit++) {
            Response again = admin.get(revealPage);
            assertThat(again.status()).isEqualTo(200);
            assertThat(again.header("Cache-Control")).contains("no-store");
            assertThat(again.body()).contains("This password was shown already", "Generate another password",
                    "name=\"delivery\" value=\"manual\"").doesNotContain(password).doesNotContain("class=\"secret\"");
            admin.get(page(contact));
        }
        // another session shows nothing either
        assertThat(Http.as(port, "demo", "demo").get(revealPage).body()).contains("This password was shown already");
        assertThat(admin.get(page(contact)).body()).doesNotContain(password);
        assertThat(passwords.verify(contact.id(), password)).as("still the one shown")
                .isEqualTo(AccountPasswords.Verdict.MUST_CHANGE);

        assertThat(jdbc.sql("SELECT COUNT(*) FROM password_change WHERE contact_id = ?").param(contact.id())
                .query(Long.class).single()).as("one password change").isEqualTo(1L);
        assertThat(contactHistory.of(contact.id())).filteredOn(e -> e.type() == ContactHistory.Type.PASSWORD_REVEALED)
                .as("revealed once").hasSize(1);
        ProcessInstance change = runtime.createProcessInstanceQuery().processDefinitionKey("password-change")
                .variableValueEquals("contactId", contact.id()).singleResult();
        scenario.runDeliveryJob(runtime.createProcessInstanceQuery().superProcessInstanceId(change.getId())
                .singleResult());
        assertThat(scenario.mailsTo(contact.email())).as("one notice of the change").hasSize(mailsBefore + 1);
        assertThat(Scenario.text(scenario.lastMail(contact.email()))).doesNotContain(password);
        assertThat(Tables.cellsContaining(dataSource, password)).as("in no table in plain text").isEmpty();
    }

    @Test
    void passwordActionsWithoutAnAccountAreRefusedWithAMessage() {
        Contact contact = scenario.newContact();
        scenario.invite(contact);
        Response page = admin.get(page(contact));

        admin.postForm(page(contact) + "/password", Map.of("_csrf", page.csrfToken(), "delivery", "manual"));
        assertThat(admin.get(page(contact)).body())
                .contains("Only a contact with an active account has a password to change. Nothing was changed.");
        admin.postForm(page(contact) + "/reset-link", Map.of("_csrf", page.csrfToken()));
        assertThat(admin.get(page(contact)).body())
                .contains("The contact has no account yet: resend the invitation instead. Nothing was changed.");
        assertThat(contactHistory.of(contact.id())).isEmpty();

        Response bad = admin.postForm(page(contact) + "/password", Map.of("_csrf", page.csrfToken(), "delivery", "fax"));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("delivery must be email, manual or manual-no-notice")
                .doesNotContain("Exception");
    }

    @Test
    void resetLinksAreLimitedPerAddressAsOverTheApi() {
        Contact contact = scenario.activeContact();
        Response page = admin.get(page(contact));
        for (int i = 0; i < 5; i++) {
            admin.postForm(page(contact) + "/reset-link", Map.of("_csrf", page.csrfToken()));
            assertThat(admin.get(page(contact)).body()).contains("A reset link is on its way");
        }
        admin.postForm(page(contact) + "/reset-link", Map.of("_csrf", page.csrfToken()));
        assertThat(admin.get(page(contact)).body()).contains("Too many reset links for this address: try again in");
    }

    @Test
    void aFailedEmailIsRetriedFromTheMailLog() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        MailLogEntry failed = mailLog.forContact(contact.id()).get(0);
        Response page = admin.get(page(contact));
        assertThat(page.body()).contains("550 5.1.1 no such mailbox", "mail-log/" + failed.id() + "/retry",
                "aria-label=\"Retry Invitation email to " + contact.email() + "\"");

        Response retried = admin.postForm(page(contact) + "/mail-log/" + failed.id() + "/retry",
                Map.of("_csrf", page.csrfToken()));
        assertThat(retried.status()).isEqualTo(302);
        assertThat(admin.get(page(contact)).body()).contains("The email is being sent again.")
                .doesNotContain("mail-log/" + failed.id() + "/retry");
        assertThat(attempt.delivery()).hasPassed(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        while (!runtime.createProcessInstanceQuery().processInstanceId(attempt.delivery().getId()).list().isEmpty()) {
            scenario.runDeliveryJob(attempt.delivery());
        }
        assertThat(mailLog.forContact(contact.id())).extracting(MailLogEntry::status)
                .containsExactly(MailLogEntry.Status.FAILED, MailLogEntry.Status.SENT);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
        assertThat(invitations.get(scenario.idOf(attempt.invitation())).status()).isEqualTo(InvitationStatus.PENDING);

        admin.postForm(page(contact) + "/mail-log/" + failed.id() + "/retry", Map.of("_csrf", page.csrfToken()));
        // refused as POST /api/mail-log/{id}/retry refuses it: this attempt failed, but a later one was sent
        assertThat(admin.get(page(contact)).body()).contains("role=\"alert\"", "Nothing was changed.");
    }

    @Test
    void aFailedInvitationIsHandedOverByHandFromTheRecord() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = failedInvitation(contact);
        String action = handOverOf(contact, mailLog.forContact(contact.id()).get(0).id());

        Response record = admin.get(page(contact));
        assertThat(record.body()).contains("action=\"" + action + "\"", ">Hand over by hand</button>",
                "aria-label=\"Hand over Invitation email for " + contact.email() + " by hand\"");

        assertThat(admin.postForm(action, Map.of()).status()).as("CSRF protected").isEqualTo(403);
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);

        Response decided = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(decided.status()).isEqualTo(303);
        String handOverPage = "/admin/handover/" + attempt.delivery().getId();
        assertThat(decided.header("Location")).isEqualTo(handOverPage);
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);
        assertThat(scenario.mailsTo(contact.email())).as("deciding sends nothing").isEmpty();
        Response twice = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(twice.status()).as("a second decision").isEqualTo(409);
        assertThat(twice.body()).contains("chose to deliver this email by hand already", "Nothing was changed.");
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);
        assertThat(mailLog.forContact(contact.id())).hasSize(1);

        Response confirm = admin.get(handOverPage);
        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains(contact.email()).doesNotContain("token=");
        Response made = admin.postForm(handOverPage, Map.of("_csrf", confirm.csrfToken()));
        assertThat(made.status()).isEqualTo(303);
        Response revealed = admin.get(made.header("Location"));
        assertThat(revealed.body()).contains("https://courier.example.test/activate?token=");
        String token = Scenario.token(revealed.body());
        assertThat(admin.get(made.header("Location")).body()).as("shown once")
                .contains("This message was shown already").doesNotContain(token);

        assertThat(attempt.delivery()).isEnded().hasPassed(MailDeliveryProcess.Elements.HANDED_OVER);
        assertThat(engine.getHistoryService().createHistoricVariableInstanceQuery().processInstanceId(attempt.delivery().getId())
                .variableName(MailDeliveryProcess.Vars.HANDED_OVER_BY).singleResult().getValue()).isEqualTo("demo");
        assertThat(engine.getHistoryService().createHistoricTaskInstanceQuery().processInstanceId(attempt.delivery().getId())
                .taskDefinitionKey(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY).singleResult().getAssignee())
                .as("decided by the admin, as in Tasklist").isEqualTo("demo");
        assertThat(invitations.get(scenario.idOf(attempt.invitation())).status()).isEqualTo(InvitationStatus.PENDING);
        assertThat(Http.anonymousFrom("203.0.113.71", port).get("/activate?token=" + token).status())
                .as("the handed-over link works").isEqualTo(200);

        List<MailLogEntry> mails = mailLog.forContact(contact.id());
        assertThat(mails).extracting(MailLogEntry::status)
                .containsExactly(MailLogEntry.Status.FAILED, MailLogEntry.Status.HANDED_OVER);
        assertThat(mails.get(1).actor()).isEqualTo("demo");
        Response after = admin.get(page(contact));
        assertThat(after.body()).contains("revealed to demo for delivery by hand").doesNotContain(action)
                .doesNotContain(token);

        Response again = admin.postForm(action, Map.of("_csrf", after.csrfToken()));
        assertThat(again.status()).as("a second POST").isEqualTo(409);
        assertThat(again.body()).contains("The delivery of this email is over", "Nothing was changed.");
        assertThat(mailLog.forContact(contact.id())).hasSize(2);
    }

    /**
     * A disabled account gets no credentials by email; it got them by hand: a delivery already waiting at "Hand over
     * manually" when the account was disabled still revealed fresh credentials. Now neither door does.
     */
    @Test
    void aDisabledAccountsCredentialsAreNotHandedOverByHand() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = failedInvitation(contact);
        String action = handOverOf(contact, mailLog.forContact(contact.id()).get(0).id());
        Response record = admin.get(page(contact));
        assertThat(admin.postForm(action, Map.of("_csrf", record.csrfToken())).status()).isEqualTo(303);
        String handOverPage = "/admin/handover/" + attempt.delivery().getId();
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);
        Response confirm = admin.get(handOverPage);
        assertThat(confirm.body()).contains("Reveal the message once");

        assertThat(admin.postEmpty("/api/contacts/" + contact.id() + "/disable").status()).isEqualTo(200);
        int tokensBefore = jdbc.sql("SELECT COUNT(*) FROM activation_token WHERE contact_id = ?").param(contact.id())
                .query(Integer.class).single();

        Response shown = admin.get(handOverPage);
        assertThat(shown.status()).isEqualTo(409);
        assertThat(shown.body()).contains("account is disabled").doesNotContain("Reveal the message once");
        Response reveal = admin.postForm(handOverPage, Map.of("_csrf", confirm.csrfToken()));
        assertThat(reveal.status()).as("the reveal refused").isEqualTo(409);
        assertThat(reveal.body()).contains("account is disabled").doesNotContain("token=");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM activation_token WHERE contact_id = ?").param(contact.id())
                .query(Integer.class).single()).as("nothing minted").isEqualTo(tokensBefore);
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY);
        assertThat(mailLog.forContact(contact.id())).extracting(MailLogEntry::status)
                .containsExactly(MailLogEntry.Status.FAILED);

        Response after = admin.get(page(contact));
        assertThat(after.body()).doesNotContain("Hand over by hand");
        Response decided = admin.postForm(action, Map.of("_csrf", after.csrfToken()));
        assertThat(decided.status()).isEqualTo(409);
        assertThat(decided.body()).contains("account is disabled", "Nothing was changed.");
    }

    @Test
    void aRowThatDidNotFailHasNoButtonAndIsRefused() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        MailLogEntry sent = mailLog.forContact(contact.id()).get(0);
        String action = handOverOf(contact, sent.id());
        Response record = admin.get(page(contact));
        assertThat(record.body()).doesNotContain(action).doesNotContain("Hand over by hand");

        Response refused = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Only a failed email can be handed over by hand; this one is sent",
                "Nothing was changed.");
        assertThat(mailLog.forContact(contact.id())).hasSize(1);

        Contact other = scenario.newContact();
        Response foreign = admin.postForm(handOverOf(other, sent.id()),
                Map.of("_csrf", record.csrfToken()));
        assertThat(foreign.status()).as("another contact's email").isEqualTo(404);
    }

    @Test
    void aFailedNoticeCarriesNoCredentialsAndIsRefused() {
        Contact contact = scenario.activeContact();
        // a failed "your password was changed" notice: nothing in it to pass on by hand
        long notice = mailLog.open(new MailLog.Draft(contact.id(), null, PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE,
                MailLogEntry.Channel.SMTP, contact.email(), "Your password was changed", 1, "demo", null),
                MailLogEntry.Status.FAILED);
        mailLog.complete(notice, MailLogEntry.Status.FAILED, null, "550 5.1.1 no such mailbox");
        int mailsBefore = mailLog.forContact(contact.id()).size();
        String action = handOverOf(contact, notice);
        Response record = admin.get(page(contact));
        assertThat(record.body()).contains("550 5.1.1 no such mailbox").doesNotContain(action)
                .doesNotContain("Hand over by hand");

        Response refused = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("This email carries no link or password", "Nothing was changed.");
        List<MailLogEntry> after = mailLog.forContact(contact.id());
        assertThat(after).hasSize(mailsBefore);
        assertThat(after.get(after.size() - 1).status()).isEqualTo(MailLogEntry.Status.FAILED);
    }

    private static String handOverOf(Contact contact, long mailId) {
        return page(contact) + "/mail-log/" + mailId + "/hand-over";
    }

    /** An invitation whose email the server refused for good: its delivery waits for an admin. */
    private Scenario.FirstAttempt failedInvitation(Contact contact) throws Exception {
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());
        assertThat(attempt.delivery()).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        return attempt;
    }

    @Test
    void unknownIdsGetANotFoundPage() {
        Response unknown = admin.get("/admin/contacts/no-such-contact");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.header("Content-Type")).startsWith("text/html");
        assertThat(unknown.body()).contains("Not found", "There is no contact with this id");
        assertThat(admin.get("/admin/contacts/" + "x".repeat(500)).status()).isEqualTo(404);

        Contact one = scenario.newContact();
        Contact other = scenario.newContact();
        String othersInvitation = scenario.idOf(scenario.invite(other));
        Response page = admin.get(page(one));
        Response foreign = admin.postForm(page(one) + "/invitations/" + othersInvitation + "/cancel",
                Map.of("_csrf", page.csrfToken()));
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(invitations.get(othersInvitation).status()).isEqualTo(InvitationStatus.PENDING);
    }

    @Test
    void actionsNeedTheCsrfTokenOfThePage() {
        Contact contact = scenario.newContact();
        Response refused = admin.postForm(page(contact) + "/invite", Map.of());
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.body()).contains("The form was out of date or did not come from this site");
        assertThat(invitationRows.forContact(contact.id())).isEmpty();
    }

    private static String page(Contact contact) {
        return "/admin/contacts/" + contact.id();
    }
}
