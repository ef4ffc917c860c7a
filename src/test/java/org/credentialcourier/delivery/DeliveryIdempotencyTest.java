package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.member.Activation;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A send job that runs again after its transaction was lost (a crash, a failed commit) sends nothing twice: the mail
 * log row and the credential are committed before the message leaves and the acceptance right after, so the repeat
 * finds the attempt. The loss is forced by a constraint that makes the job's own commit fail after the send.
 */
@ProcessTest
@ExtendWith(OutputCaptureExtension.class)
class DeliveryIdempotencyTest {

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired MailDispatcher dispatcher;
    @Autowired Activation activation;
    @Autowired DataSource dataSource;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void aSendJobRepeatedAfterItsCommitFailedDoesNotSendAgainAndItsLinkWorks() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        ProcessInstance delivery = attempt.delivery();
        // the job's own commit fails after the send: its history of reaching "Email sent" cannot be written
        sql("ALTER TABLE ACT_HI_ACTINST ADD CONSTRAINT ck_test_lose_commit CHECK (PROC_INST_ID_ <> '"
                + delivery.getId() + "' OR ACT_ID_ <> '" + Elements.EMAIL_SENT + "')");
        try {
            assertThatThrownBy(() -> scenario.runDeliveryJob(delivery)).isInstanceOf(Exception.class);
        } finally {
            sql("ALTER TABLE ACT_HI_ACTINST DROP CONSTRAINT ck_test_lose_commit");
        }
        assertThat(scenario.mailsTo(contact.email())).as("the server accepted it before the commit failed").hasSize(1);
        assertThat(delivery).isWaitingAt(Elements.SEND_EMAIL);

        scenario.runDeliveryJob(delivery);

        assertThat(scenario.mailsTo(contact.email())).as("sent once").hasSize(1);
        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(attempt.invitation()).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        List<MailLogEntry> log = mailLog.forInvitation(scenario.idOf(attempt.invitation()));
        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(Status.SENT);
            assertThat(entry.messageId()).isEqualTo(scenario.lastMail(contact.email()).getMessageID());
        });
        String token = scenario.lastToken(contact.email());
        assertThat(activation.submit(token, Scenario.MEMBER_PASSWORD, Scenario.MEMBER_PASSWORD).succeeded())
                .as("the link of the one email works").isTrue();
    }

    @Test
    void anAttemptInterruptedBetweenSendAndRecordIsSentAgainWithTheSameMessageIdAndCounted(CapturedOutput output)
            throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        ProcessInstance delivery = attempt.delivery();
        // what a crash right after the server's acceptance leaves behind: the row written before the send, no answer
        String messageId = "<" + delivery.getId() + ".1@courier.example.test>";
        long interrupted = mailLog.open(new MailLog.Draft(contact.id(), scenario.idOf(attempt.invitation()),
                InvitationProcess.INVITATION_TEMPLATE, MailLogEntry.Channel.SMTP, contact.email(), "Invitation", 1,
                "system", delivery.getId()), Status.QUEUED);
        mailLog.recordMessageId(interrupted, messageId);

        scenario.runDeliveryJob(delivery);

        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(scenario.lastMail(contact.email()).getMessageID()).isEqualTo(messageId);
        List<MailLogEntry> log = mailLog.forInvitation(scenario.idOf(attempt.invitation()));
        assertThat(log).extracting(MailLogEntry::status).containsExactly(Status.INTERRUPTED, Status.SENT);
        assertThat(output.getAll()).contains("Possible duplicate: attempt 1 of the invitation email");
    }

    @Test
    void anAttemptAlreadyAcceptedIsNotSentAgain() throws Exception {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        String deliveryId = attempt.delivery().getId();
        String invitationId = scenario.idOf(attempt.invitation());

        assertThat(dispatcher.attempt(deliveryId, InvitationProcess.INVITATION_TEMPLATE, invitationId, 1, "system")
                .sent()).isTrue();
        assertThat(dispatcher.attempt(deliveryId, InvitationProcess.INVITATION_TEMPLATE, invitationId, 1, "system")
                .sent()).isTrue();

        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
        assertThat(mailLog.forInvitation(invitationId)).singleElement()
                .extracting(MailLogEntry::status).isEqualTo(Status.SENT);
    }

    private void sql(String statement) throws Exception {
        try (var connection = dataSource.getConnection(); var jdbc = connection.createStatement()) {
            jdbc.execute(statement);
        }
    }
}
