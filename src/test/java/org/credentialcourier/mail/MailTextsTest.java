package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.member.MemberPasswordChange;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeService;
import org.credentialcourier.reset.ForgotPassword;
import org.credentialcourier.reset.PasswordReset;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.reset.PasswordResetService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.system.CourierProperties;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.web.util.HtmlUtils;

/**
 * The emails as GreenMail receives them from the application: the branded layout (the organisation's name in a band of
 * its colour, the button in that colour), French typography in the text and the subject, and who asked for a reset
 * link or a password change.
 */
@CourierTest
class MailTextsTest {

    /** A colon, semicolon, exclamation or question mark, with the character before it. */
    private static final Pattern HIGH_SIGN = Pattern.compile("(.?)([:;!?])");

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired CourierProperties properties;
    @Autowired PasswordResetService resets;
    @Autowired PasswordChangeService changes;
    @Autowired HandOver handOver;
    @Autowired MemberPasswordChange memberChange;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void theInvitationIsBrandedWithTheOrganisation() throws Exception {
        Contact contact = scenario.newContact();
        scenario.inviteAndDeliver(contact);
        MimeMessage mail = scenario.lastMail(contact.email());

        String html = EmbeddedMailbox.textPart(mail, "text/html");
        String organisation = properties.organisationName();
        assertThat(html).contains("class=\"brand\" style=\"background: #14532d; color: #ffffff;",
                "<span>" + organisation + "</span>", "background: #14532d; color: #ffffff; text-decoration: none;",
                "The " + organisation + " team").doesNotContain("<img");
        assertThat(Scenario.text(mail)).contains("Activate my account: https://courier.example.test/activate?token=");
    }

    @Test
    void aFrenchInvitationAndItsReminderKeepFrenchTypography() throws Exception {
        Contact contact = scenario.newContact("fr");
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        execute(job(Elements.REMINDER_DUE, invitation));
        scenario.runDeliveryJob(scenario.delivery(invitation));

        List<MimeMessage> mails = scenario.mailsTo(contact.email());
        assertThat(mails).hasSize(2);
        String first = Scenario.text(mails.get(0));
        String reminder = Scenario.text(mails.get(1));
        assertThat(first).contains("Activer mon compte\u202f: https://courier.example.test/activate?token=");
        assertThat(mails.get(1).getSubject()).startsWith("Rappel\u202f: votre invitation");
        assertThat(reminder).contains("Le lien de notre premier email fonctionne aussi");
        for (MimeMessage mail : mails) {
            assertFrenchTypography(mail.getSubject());
            assertFrenchTypography(Scenario.text(mail));
            assertFrenchTypography(HtmlUtils.htmlUnescape(
                    EmbeddedMailbox.textPart(mail, "text/html").replaceAll("<[^>]*>", "")));
        }
    }

    @Test
    void aResetLinkAnAdminSentSaysSo() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), "demo", true);
        scenario.runDeliveryJob(calledProcessInstance(resetInstance(reset.id())));

        String mail = Scenario.text(scenario.lastMail(contact.email()));
        assertThat(mail).contains("Your administrator at " + properties.organisationName() + " sent you this link",
                "Questions? Ask your administrator.", "https://courier.example.test/reset-password?token=")
                .doesNotContain("If you did not ask for this", "Someone asked");
    }

    @Test
    void aResetLinkTheContactAskedForSaysIgnoreItIfYouDidNotAsk() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), ForgotPassword.ACTOR, false);
        scenario.runDeliveryJob(calledProcessInstance(resetInstance(reset.id())));

        assertThat(Scenario.text(scenario.lastMail(contact.email())))
                .contains("Someone asked to reset the password", "If you did not ask for this, ignore this email")
                .doesNotContain("administrator");
    }

    @Test
    void theNoticeOfAPasswordAnAdminHandedOverSaysTheAdministratorChangedIt() throws Exception {
        Contact contact = scenario.activeContact();
        ProcessInstance change = engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(
                changes.request(contact.id(), Delivery.MANUAL, "demo").processInstanceId()).singleResult();
        assertThat(handOver.reveal(change.getId(), "demo")).isPresent();
        scenario.runDeliveryJob(calledProcessInstance(change));

        MimeMessage notice = scenario.lastMail(contact.email());
        assertThat(notice.getHeader("X-Courier-Template")).containsExactly("password-changed");
        assertThat(Scenario.text(notice)).contains("Your administrator changed the password of your",
                "Your administrator gives you the new password directly")
                .doesNotContain("If you did not do this");
    }

    @Test
    void theNoticeOfAChangeTheContactMadeWarnsIfItWasNotThem() {
        Contact contact = scenario.activeContact();
        memberChange.change(contact.id(), "another quiet phrase 77");
        ProcessInstance notice = instance(MailDeliveryProcess.PROCESS_KEY, contact.id());
        scenario.runDeliveryJob(notice);

        assertThat(Scenario.text(scenario.lastMail(contact.email())))
                .contains("was changed on", "If you did not do this, reset your password at once")
                .doesNotContain("Your administrator changed");
    }

    private ProcessInstance resetInstance(String resetId) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY)
                .variableValueEquals(PasswordResetProcess.Vars.RESET_ID, resetId).active().singleResult();
    }

    private ProcessInstance instance(String processKey, String businessKey) {
        return engine.getRuntimeService().createProcessInstanceQuery().processDefinitionKey(processKey)
                .processInstanceBusinessKey(businessKey).active().singleResult();
    }

    /** Every high sign outside a link (its "://" and "?token=") or a time ("10:30") follows a no-break space. */
    static void assertFrenchTypography(String mailText) {
        String text = mailText.replaceAll("https?://\\S+", "LINK");
        Matcher sign = HIGH_SIGN.matcher(text);
        while (sign.find()) {
            int at = sign.start(2);
            boolean time = at > 0 && at + 1 < text.length() && Character.isDigit(text.charAt(at - 1))
                    && Character.isDigit(text.charAt(at + 1));
            if (!time) {
                assertThat(sign.group(1)).as("before \"%s\" in: %s", sign.group(2), text).isIn("\u202f", "\u00a0");
            }
        }
    }
}
