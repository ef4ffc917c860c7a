package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.task;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.List;

import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.member.Activation;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.ScriptedSmtpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of process {@code mail-delivery}, driven through the invitation email: delivered, deferred then
 * delivered, retries used up with each of the admin's four choices, rejected at once.
 */
@ProcessTest
class MailDeliveryProcessTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired MailLog mailLog;
    @Autowired InvitationService invitations;
    @Autowired ContactService contacts;
    @Autowired Activation activation;
    @Autowired HandOver handOver;
    @Autowired org.springframework.mail.javamail.JavaMailSenderImpl mailSender;

    private Contact contact;
    private ProcessInstance invitation;
    private ProcessInstance delivery;

    @BeforeEach
    void startDelivery() {
        BpmnAwareTests.init(engine);
        contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        invitation = attempt.invitation();
        delivery = attempt.delivery();
        assertThat(delivery).isWaitingAt(Elements.SEND_EMAIL);
    }

    @Test
    void deliveredAtFirstAttempt() throws Exception {
        scenario.runDeliveryJob(delivery);

        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE)
                .variables().containsEntry(Vars.DELIVERY_RESULT, "delivered");
        List<MimeMessage> mails = scenario.mailsTo(contact.email());
        assertThat(mails).hasSize(1);
        MimeMessage mail = mails.get(0);
        assertThat(mail.getHeader("X-Courier-Invitation-Id")[0]).isEqualTo(scenario.idOf(invitation));
        assertThat(mail.getContentType()).startsWith("multipart/");
        assertThat(Scenario.text(mail)).contains("https://courier.example.test/activate?token=");

        List<MailLogEntry> log = mailLog.forInvitation(scenario.idOf(invitation));
        assertThat(log).singleElement().satisfies(entry -> {
            assertThat(entry.status()).isEqualTo(Status.SENT);
            assertThat(entry.attempt()).isEqualTo(1);
            assertThat(entry.smtpReply()).startsWith("250");
            assertThat(entry.messageId()).isEqualTo(mail.getMessageID());
            assertThat(entry.recipient()).isEqualTo(contact.email());
        });
    }

    @Test
    void transientFailureThenSuccess() throws Exception {
        try (var outage = scenario.smtpUnreachable()) {
            scenario.runDeliveryJob(delivery);
        }
        assertThat(delivery).isWaitingAt(Elements.RETRY_DELAY).hasPassed("BoundaryEvent_MailDeferred");
        Job timer = scenario.jobOf(delivery.getId());
        long delay = timer.getDuedate().getTime() - System.currentTimeMillis();
        assertThat(delay).as("the first back-off is PT1M").isBetween(50_000L, 61_000L);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.PENDING);

        scenario.runDeliveryJob(delivery); // the timer
        scenario.runDeliveryJob(delivery); // the second attempt

        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).extracting(MailLogEntry::status)
                .containsExactly(Status.FAILED, Status.SENT);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
    }

    @Test
    void smtpReply4xxIsTransient() throws Exception {
        try (var server = new ScriptedSmtpServer("451 4.3.0 mailbox busy, try again later");
             var redirected = scenario.smtpAt(server.port())) {
            scenario.runDeliveryJob(delivery);
        }
        assertThat(delivery).isWaitingAt(Elements.RETRY_DELAY);
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).singleElement()
                .satisfies(entry -> assertThat(entry.smtpReply()).contains("451"));
    }

    @Test
    void permanentFailureGoesToTheAdminAtOnce() throws Exception {
        scenario.runDeliveryJobRejected(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY).hasPassed("BoundaryEvent_MailRejected")
                .hasNotPassed(Elements.RETRY_DELAY);
        assertThat(task(delivery)).hasCandidateGroup("credential-admins");
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.FAILED);
        assertThat(delivery).variables().containsEntry(Vars.RECIPIENT_EMAIL, contact.email())
                .hasEntrySatisfying(Vars.LAST_DELIVERY_ERROR, error -> assertThat((String) error).contains("550"))
                .hasEntrySatisfying(Vars.HANDOVER_URL, url -> assertThat((String) url)
                        .isEqualTo("https://courier.example.test/admin/handover/" + delivery.getId()));
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).singleElement()
                .satisfies(entry -> assertThat(entry.smtpReply()).startsWith("PERMANENT").contains("550"));
    }

    @Test
    void retriesUsedUpThenAdminRetries() throws Exception {
        escalate();
        complete(task(delivery), withVariables(Vars.RESOLUTION, "retry"));
        scenario.runDeliveryJob(delivery); // after the admin's decision
        scenario.runDeliveryJob(delivery); // the attempt

        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.PENDING);
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).hasSize(6);
        assertThat(invitations.get(scenario.idOf(invitation)).endedAt())
                .as("a delivery the admin retried leaves the invitation open, not ended").isNull();
    }

    @Test
    void retriesUsedUpThenAdminCorrectsTheAddress() throws Exception {
        escalate();
        String corrected = Scenario.uniqueEmail("ada.corrected");

        complete(task(delivery), withVariables(Vars.RESOLUTION, "correct-address", Vars.CORRECTED_EMAIL, "not an email"));
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY).hasPassed("BoundaryEvent_AddressInvalid");

        complete(task(delivery), withVariables(Vars.RESOLUTION, "correct-address", Vars.CORRECTED_EMAIL, corrected));
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);

        assertThat(delivery).isEnded().hasPassed(Elements.CORRECT_EMAIL_ADDRESS, Elements.EMAIL_SENT);
        assertThat(contacts.get(contact.id()).email()).isEqualTo(corrected);
        assertThat(scenario.mailsTo(corrected)).hasSize(1);
    }

    @Test
    void retriesUsedUpThenAdminHandsOverByHand() throws Exception {
        escalate();
        complete(task(delivery), withVariables(Vars.RESOLUTION, "manual"));
        scenario.runDeliveryJob(delivery);
        assertThat(delivery).isWaitingAt(Elements.HAND_OVER_MANUALLY);

        // completing the task without revealing anything is refused
        assertThatThrownBy(() -> complete(task(delivery))).isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("hand-over page");

        var revealed = handOver.reveal(delivery.getId(), "demo").orElseThrow();
        assertThat(delivery).isEnded().hasPassed(Elements.HANDED_OVER);
        assertThat(invitation).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE)
                .variables().containsEntry(Vars.DELIVERY_RESULT, "handedOver");
        assertThat(handOver.reveal(delivery.getId(), "demo")).as("shown once only").isEmpty();

        MailLogEntry handedOver = mailLog.forInvitation(scenario.idOf(invitation)).get(5);
        assertThat(handedOver.channel()).isEqualTo(Channel.MANUAL);
        assertThat(handedOver.status()).isEqualTo(Status.HANDED_OVER);
        assertThat(handedOver.actor()).isEqualTo("demo");

        String token = Scenario.token(revealed.textBody());
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();
        assertThat(invitation).isEnded().hasPassed(InvitationProcess.Elements.END_ACCEPTED);
    }

    @Test
    void retriesUsedUpThenAdminCancels() throws Exception {
        escalate();
        complete(task(delivery), withVariables(Vars.RESOLUTION, "cancel"));
        scenario.runDeliveryJob(delivery);

        assertThat(delivery).isEnded().hasPassed(Elements.DELIVERY_CANCELLED);
        assertThat(invitation).isEnded().hasPassed(InvitationProcess.Elements.END_CANCELLED);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.CANCELLED);
    }

    @Test
    void resolvingWithoutAChoiceIsRefused() throws Exception {
        escalate();
        assertThatThrownBy(() -> complete(task(delivery), withVariables(Vars.RESOLUTION, "shrug")))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("Choose how to resolve");
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
    }

    @Test
    void namesAreEscapedInHtmlAndCannotReachTheHeaders() throws Exception {
        Contact mallory = contacts.create(new org.credentialcourier.contact.NewContact(
                Scenario.uniqueEmail("mallory"), "<script>alert(1)</script>", "O'Brien & \"Sons\"", "en"));
        ProcessInstance other = scenario.inviteAndDeliver(mallory);
        MimeMessage mail = scenario.mailsTo(mallory.email()).get(0);
        String html = org.credentialcourier.mail.EmbeddedMailbox.textPart(mail, "text/html");
        assertThat(html).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
        assertThat(Scenario.text(mail)).as("plain text shows the name as it is").contains("<script>alert(1)</script>");
        // the bare address, no display name (issue 13, case 17): no name reaches a header at all
        assertThat(mail.getAllRecipients()).singleElement().asString().isEqualTo(mallory.email());
        assertThat(mail.getHeader("Bcc")).isNull();
        assertThat(other).isWaitingAt(InvitationProcess.Elements.AWAIT_ACCEPTANCE);
    }

    @Test
    void technicalFailureIsRetriedByTheJobExecutorThenAnIncident() {
        ProcessInstance broken = engine.getRuntimeService().startProcessInstanceByKey(MailDeliveryProcess.PROCESS_KEY,
                java.util.Map.of(Vars.MAIL_TEMPLATE, "no-such-template", Vars.SUBJECT_ID, "nothing"));
        for (int run = 0; run < 3; run++) {
            Job job = scenario.jobOf(broken.getId());
            assertThatThrownBy(() -> scenario.execute(job)).hasMessageContaining("no-such-template");
        }
        Job exhausted = scenario.jobOf(broken.getId());
        assertThat(exhausted.getRetries()).isZero();
        assertThat(exhausted.getExceptionMessage()).contains("no-such-template", "the application does not know");
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(broken.getId()).count())
                .isEqualTo(1);
        engine.getRuntimeService().deleteProcessInstance(broken.getId(), "test over");
    }

    @Test
    void anIncidentRetriedAfterTheFixResumesCleanly() {
        String protocol = mailSender.getProtocol();
        mailSender.setProtocol("no-such-protocol");
        try {
            for (int run = 0; run < 3; run++) {
                Job job = scenario.jobOf(delivery.getId());
                assertThatThrownBy(() -> scenario.execute(job)).hasMessageContaining("check spring.mail.protocol");
            }
        } finally {
            mailSender.setProtocol(protocol);
        }
        var incident = engine.getRuntimeService().createIncidentQuery().processInstanceId(delivery.getId()).singleResult();
        assertThat(incident.getIncidentMessage()).contains("Mail protocol 'no-such-protocol' is not available");
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).as("rolled back: nothing half-written").isEmpty();

        // the owner fixed the setting and retries the job in Cockpit
        engine.getManagementService().setJobRetries(scenario.jobOf(delivery.getId()).getId(), 1);
        scenario.runDeliveryJob(delivery);

        assertThat(delivery).isEnded().hasPassed(Elements.EMAIL_SENT);
        assertThat(engine.getRuntimeService().createIncidentQuery().processInstanceId(delivery.getId()).count()).isZero();
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
        assertThat(mailLog.forInvitation(scenario.idOf(invitation))).singleElement()
                .satisfies(entry -> assertThat(entry.attempt()).isEqualTo(1));
    }

    private void escalate() throws Exception {
        assertThat(DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery)).isEqualTo(5);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.FAILED);
    }
}
