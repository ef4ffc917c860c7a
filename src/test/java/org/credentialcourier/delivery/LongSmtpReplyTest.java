package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.ScriptedSmtpServer;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.javamail.JavaMailSenderImpl;

/**
 * Issue 13, case 10: an SMTP server's reply is text of the server's choosing, of any length. A 5,000-character reply
 * failed the write of the attempt: three tries, then an incident, and the invitation stayed pending with no admin
 * task. The reply's size must never change the path; the mail log keeps a bounded reply.
 */
@CourierTest
class LongSmtpReplyTest {

    private static final String LONG = "x".repeat(5_000);

    @Autowired ProcessEngine engine;
    @Autowired JavaMailSenderImpl mailSender;
    @Autowired RuntimeService runtime;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired InvitationService invitations;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void permanentRefusalWithALongReplyReachesTheAdminTaskLikeAShortOne() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);
        ProcessInstance delivery = attempt.delivery();

        try (var server = new ScriptedSmtpServer("550 5.1.1 no such mailbox " + LONG);
             var redirected = scenario.smtpAt(server.port())) {
            scenario.runDeliveryJob(delivery);
        }

        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        assertThat(scenario.task(delivery).getName()).isEqualTo("Resolve failed delivery");
        assertThat(runtime.createIncidentQuery().processInstanceId(delivery.getId()).count()).isZero();
        assertThat(runtime.createIncidentQuery().processInstanceId(attempt.invitation().getId()).count()).isZero();
        assertThat(invitations.get(scenario.idOf(attempt.invitation())).status()).isEqualTo(InvitationStatus.FAILED);
        MailLogEntry entry = mailLog.forInvitation(scenario.idOf(attempt.invitation())).get(0);
        assertThat(entry.status()).isEqualTo(MailLogEntry.Status.FAILED);
        assertThat(entry.smtpReply()).startsWith("PERMANENT").contains("550").hasSizeLessThanOrEqualTo(1000)
                .endsWith(MailLog.TRUNCATED);
    }

    @Test
    void acceptanceWithALongReplyIsRecordedAsSent() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);

        try (var server = new ScriptedSmtpServer("250 2.1.5 ok", "250 2.0.0 queued as " + LONG);
             var redirected = scenario.smtpAt(server.port())) {
            scenario.runDeliveryJob(attempt.delivery());
        }

        assertThat(attempt.invitation()).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        assertThat(runtime.createIncidentQuery().processInstanceId(attempt.delivery().getId()).count()).isZero();
        MailLogEntry entry = mailLog.forInvitation(scenario.idOf(attempt.invitation())).get(0);
        assertThat(entry.status()).isEqualTo(MailLogEntry.Status.SENT);
        assertThat(entry.smtpReply()).hasSizeLessThanOrEqualTo(1000).endsWith(MailLog.TRUNCATED);
    }

    @Test
    void aServerOfferingDsnIsAskedToReturnOnlyTheHeadersOfABounce() throws Exception {
        Contact contact = scenario.newContact();
        Scenario.FirstAttempt attempt = scenario.firstAttempt(contact);

        // the embedded server is spoken to with HELO (MailConfiguration); a real relay hears EHLO and offers DSN
        Properties session = mailSender.getSession().getProperties();
        try (var server = new ScriptedSmtpServer("250 2.1.5 ok", "250 2.0.0 queued");
             var redirected = scenario.smtpAt(server.port())) {
            session.setProperty("mail.smtp.ehlo", "true");
            scenario.runDeliveryJob(attempt.delivery());
            // a bounce returning the whole email would bring the activation link back to the bounce mailbox
            assertThat(server.mailCommands()).singleElement().asString().contains("RET=HDRS");
        } finally {
            session.setProperty("mail.smtp.ehlo", "false");
        }
    }
}
