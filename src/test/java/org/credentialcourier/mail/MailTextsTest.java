package org.credentialcourier.mail;

import static org.assertj.core.api.Assertions.assertThat;
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
import org.credentialcourier.invitation.InvitationProcess.Elements;
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
