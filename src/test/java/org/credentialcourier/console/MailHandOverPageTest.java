package org.credentialcourier.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Http;
import org.credentialcourier.support.Http.Response;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * "Hand over by hand" on the contact record's mail log: a failed credentials email is decided for a hand-over, the
 * hand-over page reveals it once, and the record names who revealed it; anything else is refused with a sentence.
 */
@CourierTest
class MailHandOverPageTest {

    @LocalServerPort int port;
    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired InvitationService invitations;
    @Autowired HistoryService history;

    private Http admin;

    @BeforeEach
    void signIn() {
        BpmnAwareTests.init(engine);
        admin = Http.as(port, "demo", "demo");
    }

    @Test
    void aFailedInvitationIsHandedOverByHandFromTheRecord() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());
        assertThat(attempt.delivery()).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        MailLogEntry failed = mailLog.forContact(contact.id()).get(0);
        String action = page(contact) + "/mail-log/" + failed.id() + "/hand-over";

        Response record = admin.get(page(contact));
        assertThat(record.body()).contains("action=\"" + action + "\"", ">Hand over by hand</button>",
                "aria-label=\"Hand over Invitation email for " + contact.email() + " by hand\"");

        assertThat(admin.postForm(action, Map.of()).status()).as("CSRF protected").isEqualTo(403);
        assertThat(attempt.delivery()).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);

        Response decided = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(decided.status()).isEqualTo(303);
        String handOverPage = "/admin/handover/" + attempt.delivery().getId();
        assertThat(decided.header("Location")).isEqualTo(handOverPage);
        assertThat(attempt.delivery()).isWaitingAt(Elements.HAND_OVER_MANUALLY);
        assertThat(scenario.mailsTo(contact.email())).as("deciding sends nothing").isEmpty();

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

        assertThat(attempt.delivery()).isEnded().hasPassed(Elements.HANDED_OVER);
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(attempt.delivery().getId())
                .variableName(Vars.HANDED_OVER_BY).singleResult().getValue()).isEqualTo("demo");
        assertThat(history.createHistoricTaskInstanceQuery().processInstanceId(attempt.delivery().getId())
                .taskDefinitionKey(Elements.RESOLVE_FAILED_DELIVERY).singleResult().getAssignee())
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

    @Test
    void aSecondDecisionBeforeTheRevealIsRefused() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        scenario.runDeliveryJobRejected(attempt.delivery());
        MailLogEntry failed = mailLog.forContact(contact.id()).get(0);
        String action = page(contact) + "/mail-log/" + failed.id() + "/hand-over";
        Response record = admin.get(page(contact));
        assertThat(admin.postForm(action, Map.of("_csrf", record.csrfToken())).status()).isEqualTo(303);

        Response again = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body()).contains("chose to deliver this email by hand already", "Nothing was changed.");
        assertThat(attempt.delivery()).isWaitingAt(Elements.HAND_OVER_MANUALLY);
        assertThat(mailLog.forContact(contact.id())).hasSize(1);
    }

    @Test
    void aRowThatDidNotFailHasNoButtonAndIsRefused() {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        MailLogEntry sent = mailLog.forContact(contact.id()).get(0);
        String action = page(contact) + "/mail-log/" + sent.id() + "/hand-over";
        Response record = admin.get(page(contact));
        assertThat(record.body()).doesNotContain(action).doesNotContain("Hand over by hand");

        Response refused = admin.postForm(action, Map.of("_csrf", record.csrfToken()));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("Only a failed email can be handed over by hand; this one is sent",
                "Nothing was changed.");
        assertThat(mailLog.forContact(contact.id())).hasSize(1);

        Contact other = scenario.newContact();
        Response foreign = admin.postForm(page(other) + "/mail-log/" + sent.id() + "/hand-over",
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
        String action = page(contact) + "/mail-log/" + notice + "/hand-over";
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

    private static String page(Contact contact) {
        return "/admin/contacts/" + contact.id();
    }
}
