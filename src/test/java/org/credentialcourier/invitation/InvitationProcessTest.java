package org.credentialcourier.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.credential.AccountPasswords;
import java.time.Instant;
import java.util.UUID;

import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.member.Activation;
import org.credentialcourier.member.PasswordLinkFlow.LinkProblem;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.system.web.ConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of process {@code invitation}: accepted, reminded, expired, resent, cancelled, bounced. */
@ProcessTest
class InvitationProcessTest {

    private static final String PASSWORD = "correct horse battery staple";

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired ContactService contacts;
    @Autowired Activation activation;
    @Autowired AccountPasswords passwords;
    @Autowired DeliveryEvents deliveryEvents;
    @Autowired MailLog mailLog;
    @Autowired InvitationRepository invitationRepository;
    @Autowired Suppressions suppressions;

    @BeforeEach
    void initAssertions() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void accepted() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.invite(contact);
        assertThat(invitation).isWaitingAt(Elements.DELIVER_INVITATION);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.INVITED);

        scenario.runDeliveryJob(scenario.delivery(invitation));
        assertThat(invitation).isWaitingAt(Elements.AWAIT_ACCEPTANCE);

        String token = scenario.lastToken(contact.email());
        assertThat(activation.submit(token, PASSWORD, PASSWORD).succeeded()).isTrue();

        assertThat(invitation).isEnded().hasPassed(Elements.ACTIVATE_ACCOUNT, Elements.END_ACCEPTED);
        Invitation accepted = invitations.get(scenario.idOf(invitation));
        assertThat(accepted.status()).isEqualTo(InvitationStatus.ACTIVE);
        assertThat(accepted.acceptedAt()).isNotNull();
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(passwords.matches(contact.id(), PASSWORD)).isTrue();
        assertThat(activation.inspect(token).problem()).isEqualTo(LinkProblem.USED);
    }

    @Test
    void reminderThenAccepted() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String first = scenario.lastToken(contact.email());

        execute(job(Elements.REMINDER_DUE, invitation));
        assertThat(invitation).isWaitingAt(Elements.AWAIT_ACCEPTANCE, Elements.DELIVER_REMINDER);
        ProcessInstance reminder = scenario.delivery(invitation);
        assertThat(engine.getRuntimeService().getVariable(reminder.getId(), MailDeliveryProcess.Vars.MAIL_TEMPLATE))
                .isEqualTo(InvitationProcess.REMINDER_TEMPLATE);
        scenario.runDeliveryJob(reminder);
        assertThat(invitation).isWaitingAt(Elements.AWAIT_ACCEPTANCE).hasPassed("EndEvent_ReminderHandled");

        var mails = scenario.mailsTo(contact.email());
        assertThat(mails).hasSize(2);
        assertThat(Scenario.text(mails.get(1))).contains("The link in our earlier email works too");
        String second = scenario.lastToken(contact.email());
        assertThat(second).isNotEqualTo(first);
        assertThat(activation.inspect(first).valid()).as("the first email's link still works").isTrue();
        assertThat(activation.inspect(second).valid()).isTrue();

        assertThat(activation.submit(first, PASSWORD, PASSWORD).succeeded()).as("the first email's link").isTrue();
        assertThat(invitation).isEnded().hasPassed(Elements.END_ACCEPTED);
        assertThat(activation.inspect(second).problem()).as("using one link ends the other").isEqualTo(LinkProblem.USED);
        assertThat(activation.submit(second, PASSWORD, PASSWORD).problem()).isEqualTo(LinkProblem.USED);
    }

    @Test
    void expired() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());

        execute(job(Elements.INVITATION_EXPIRED, invitation));

        assertThat(invitation).isEnded().hasPassed("Task_ExpireInvitation", Elements.END_EXPIRED)
                .hasNotPassed(Elements.ACTIVATE_ACCOUNT);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.NONE);
        assertThat(activation.inspect(token).problem()).isEqualTo(LinkProblem.EXPIRED);
        assertThat(activation.submit(token, PASSWORD, PASSWORD).problem()).isEqualTo(LinkProblem.EXPIRED);
    }

    @Test
    void resendWhilePending() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String first = scenario.lastToken(contact.email());
        var firstExpiry = invitations.get(scenario.idOf(invitation)).expiresAt();

        invitations.resend(scenario.idOf(invitation), "demo");
        assertThat(invitation).hasPassed(Elements.RENEW_INVITATION).isWaitingAt(Elements.DELIVER_INVITATION);
        assertThat(activation.inspect(first).problem()).isEqualTo(LinkProblem.REPLACED);
        scenario.runDeliveryJob(scenario.delivery(invitation));

        String second = scenario.lastToken(contact.email());
        assertThat(second).isNotEqualTo(first);
        assertThat(invitations.get(scenario.idOf(invitation)).expiresAt()).isAfterOrEqualTo(firstExpiry);
        assertThat(activation.submit(first, PASSWORD, PASSWORD).problem()).isEqualTo(LinkProblem.REPLACED);
        assertThat(activation.submit(second, PASSWORD, PASSWORD).succeeded()).isTrue();
        assertThat(invitation).isEnded().hasPassed(Elements.END_ACCEPTED);
    }

    @Test
    void resendAfterExpiryStartsOver() {
        Contact contact = scenario.newContact();
        ProcessInstance first = scenario.inviteAndDeliver(contact);
        execute(job(Elements.INVITATION_EXPIRED, first));
        assertThat(first).isEnded();

        Invitation resent = invitations.resend(scenario.idOf(first), "demo");
        assertThat(resent.status()).isEqualTo(InvitationStatus.PENDING);
        ProcessInstance second = scenario.instanceOf(scenario.idOf(first));
        assertThat(second.getId()).isNotEqualTo(first.getId());
        scenario.runDeliveryJob(scenario.delivery(second));
        assertThat(activation.submit(scenario.lastToken(contact.email()), PASSWORD, PASSWORD).succeeded()).isTrue();
        assertThat(second).isEnded().hasPassed(Elements.END_ACCEPTED);
    }

    @Test
    void anExpiredInvitationIsNotResentOnceTheContactAcceptedANewerOne() {
        Contact contact = scenario.newContact();
        ProcessInstance first = scenario.inviteAndDeliver(contact);
        execute(job(Elements.INVITATION_EXPIRED, first));
        scenario.inviteAndDeliver(contact);
        assertThat(activation.submit(scenario.lastToken(contact.email()), PASSWORD, PASSWORD).succeeded()).isTrue();
        int mails = scenario.mailsTo(contact.email()).size();

        assertThatThrownBy(() -> invitations.resend(scenario.idOf(first), "demo"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("already active");
        assertThat(invitations.get(scenario.idOf(first)).status()).isEqualTo(InvitationStatus.EXPIRED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.ACTIVE);
        assertThat(scenario.instanceOf(scenario.idOf(first))).isNull();
        assertThat(scenario.mailsTo(contact.email())).hasSize(mails);
        assertThat(passwords.matches(contact.id(), PASSWORD)).isTrue();
    }

    @Test
    void cancelWhilePending() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());

        invitations.cancel(scenario.idOf(invitation), "system");

        assertThat(invitation).isEnded().hasPassed(Elements.CANCEL_INVITATION, Elements.END_CANCELLED);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.CANCELLED);
        assertThat(activation.inspect(token).problem()).isEqualTo(LinkProblem.CANCELLED);
        assertThat(contacts.get(contact.id()).accountStatus()).isEqualTo(AccountStatus.NONE);
    }

    @Test
    void cancelWhileFailed() {
        Contact contact = scenario.newContact();
        var attempt = scenario.firstAttempt(contact);
        ProcessInstance invitation = attempt.invitation();
        ProcessInstance delivery = attempt.delivery();
        assertThat(DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery)).isEqualTo(5);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.FAILED);

        invitations.cancel(scenario.idOf(invitation), "system");

        assertThat(invitation).isEnded().hasPassed(Elements.END_CANCELLED);
        assertThat(delivery).isEnded();
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.CANCELLED);
    }

    @Test
    void aBounceWhileWaitingEndsTheLinkAndAnAdminRetries() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        String token = scenario.lastToken(contact.email());

        assertThat(deliveryEvents.apply(bounceOf(invitation))).isEqualTo(DeliveryEvents.Outcome.APPLIED);

        assertThat(invitation).hasPassed(Elements.INVITATION_BOUNCED, Elements.END_BOUNCED_LINK)
                .isWaitingAt(Elements.RESOLVE_BOUNCED_INVITATION);
        Invitation bounced = invitations.get(scenario.idOf(invitation));
        assertThat(bounced.status()).isEqualTo(InvitationStatus.BOUNCED);
        assertThat(invitationRepository.events(bounced.id())).anySatisfy(event -> {
            assertThat(event.type()).isEqualTo(InvitationEvent.Type.BOUNCED);
            assertThat(event.detail()).isEqualTo("invitation: 5.1.1 smtp; 550 5.1.1 user unknown");
        });
        assertThat(activation.inspect(token).problem()).as("the bounced link is ended").isNotNull();
        ProcessInstance delivery = scenario.delivery(invitation);
        assertThat(delivery).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        assertThat(engine.getRuntimeService().getVariable(delivery.getId(),
                MailDeliveryProcess.Vars.LAST_DELIVERY_ERROR)).isEqualTo("invitation: 5.1.1 smtp; 550 5.1.1 user unknown");
        assertThat(engine.getRuntimeService().getVariable(delivery.getId(), MailDeliveryProcess.Vars.RECIPIENT_EMAIL))
                .isEqualTo(contact.email());

        assertThat(deliveryEvents.apply(bounceOf(invitation))).as("the same bounce again, under another key")
                .isEqualTo(DeliveryEvents.Outcome.SUPERSEDED);

        // the bounce put the address on the suppression list: the admin lifts it (it works again), then retries
        assertThat(suppressions.lift(contact.email(), "demo", "the mailbox exists again")).isTrue();
        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.RETRY.code());
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);
        assertThat(invitation).isWaitingAt(Elements.AWAIT_ACCEPTANCE);
        assertThat(invitations.get(bounced.id()).status()).isEqualTo(InvitationStatus.PENDING);
        String fresh = scenario.lastToken(contact.email());
        assertThat(activation.submit(fresh, PASSWORD, PASSWORD).succeeded()).isTrue();
        assertThat(invitation).isEnded().hasPassed(Elements.END_ACCEPTED);
    }

    @Test
    void aBounceThenCancelledByTheAdminCancelsTheInvitation() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        deliveryEvents.apply(bounceOf(invitation));

        ProcessInstance delivery = scenario.delivery(invitation);
        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.CANCEL.code());
        scenario.runDeliveryJob(delivery);

        assertThat(invitation).isEnded().hasPassed(Elements.END_CANCELLED);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.CANCELLED);
    }

    @Test
    void aBounceAfterAcceptanceChangesNoProcess() {
        Contact contact = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(contact);
        DeliveryEvent late = bounceOf(invitation);
        assertThat(activation.submit(scenario.lastToken(contact.email()), PASSWORD, PASSWORD).succeeded()).isTrue();

        assertThat(deliveryEvents.apply(late)).isEqualTo(DeliveryEvents.Outcome.APPLIED);

        assertThat(invitation).isEnded().hasPassed(Elements.END_ACCEPTED).hasNotPassed(Elements.END_BOUNCED_LINK);
        assertThat(invitations.get(scenario.idOf(invitation)).status()).isEqualTo(InvitationStatus.ACTIVE);
    }

    /** A permanent bounce of the invitation's latest email, as the bounce mailbox would report it. */
    private DeliveryEvent bounceOf(ProcessInstance invitation) {
        MailLogEntry sent = mailLog.forInvitation(scenario.idOf(invitation)).stream()
                .reduce((first, second) -> second).orElseThrow();
        return new DeliveryEvent("test:" + UUID.randomUUID(), "test", DeliveryEvent.Kind.BOUNCED, sent.messageId(),
                sent.recipient(), "5.1.1", "smtp; 550 5.1.1 user unknown", Instant.now());
    }
}
