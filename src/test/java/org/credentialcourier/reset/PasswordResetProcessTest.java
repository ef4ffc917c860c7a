package org.credentialcourier.reset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.AccountPasswords.Verdict;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.member.PasswordLinkFlow.LinkProblem;
import org.credentialcourier.member.ResetLink;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.password.PasswordChangeService;
import org.credentialcourier.reset.PasswordResetProcess.Elements;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.system.web.ConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Every path of process {@code password-reset}: completed, expired, superseded, abandoned, bounced. */
@ProcessTest
class PasswordResetProcessTest {

    private static final String NEW_PASSWORD = "amber meadow kites 77";

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired PasswordResetService resets;
    @Autowired ResetLink resetLink;
    @Autowired AccountPasswords passwords;
    @Autowired FormService forms;
    @Autowired IdentityService identity;
    @Autowired DeliveryEvents deliveryEvents;
    @Autowired MailLog mailLog;
    @Autowired Suppressions suppressions;
    @Autowired PasswordChangeService passwordChanges;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void resetCompletedThenTheContactIsNotified() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), "demo", true);
        assertThat(Duration.between(reset.createdAt(), reset.expiresAt())).as("admin validity").isEqualTo(Duration.ofDays(1));
        ProcessInstance instance = instanceOf(reset);
        assertThat(instance).isWaitingAt(Elements.DELIVER_RESET_LINK);
        scenario.runDeliveryJob(calledProcessInstance(instance));
        assertThat(instance).isWaitingAt(Elements.AWAIT_NEW_PASSWORD);

        String mail = Scenario.text(scenario.lastMail(contact.email()));
        assertThat(mail).contains("https://courier.example.test/reset-password?token=");
        String token = Scenario.token(mail);
        assertThat(resetLink.inspect(token).valid()).isTrue();
        assertThat(resetLink.submit(token, NEW_PASSWORD, NEW_PASSWORD).succeeded()).isTrue();

        assertThat(instance).isWaitingAt(Elements.DELIVER_CHANGE_NOTICE);
        scenario.runDeliveryJob(calledProcessInstance(instance));
        assertThat(instance).isEnded().hasPassed(Elements.END_RESET);
        assertThat(Scenario.text(scenario.lastMail(contact.email()))).contains("was changed");
        assertThat(passwords.verify(contact.id(), NEW_PASSWORD)).isEqualTo(Verdict.VALID);
        assertThat(passwords.verify(contact.id(), Scenario.MEMBER_PASSWORD)).isEqualTo(Verdict.WRONG);
        assertThat(resetLink.inspect(token).problem()).isEqualTo(LinkProblem.USED);
        assertThat(resets.get(reset.id()).status()).isEqualTo(PasswordReset.Status.COMPLETED);
    }

    @Test
    void resetLinkExpired() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), "self-service", false);
        assertThat(Duration.between(reset.createdAt(), reset.expiresAt())).isEqualTo(Duration.ofHours(1));
        ProcessInstance instance = instanceOf(reset);
        scenario.runDeliveryJob(calledProcessInstance(instance));
        String token = scenario.lastToken(contact.email());

        execute(job(Elements.RESET_LINK_EXPIRED, instance));

        assertThat(instance).isEnded().hasPassed(Elements.END_EXPIRED);
        assertThat(resetLink.inspect(token).problem()).isEqualTo(LinkProblem.EXPIRED);
        assertThat(resetLink.submit(token, NEW_PASSWORD, NEW_PASSWORD).problem()).isEqualTo(LinkProblem.EXPIRED);
        assertThat(passwords.verify(contact.id(), Scenario.MEMBER_PASSWORD)).isEqualTo(Verdict.VALID);
    }

    @Test
    void newerLinkSupersedesTheOlder() {
        Contact contact = scenario.activeContact();
        ProcessInstance older = instanceOf(resets.request(contact.id(), "self-service", false));
        scenario.runDeliveryJob(calledProcessInstance(older));
        String olderToken = scenario.lastToken(contact.email());

        ProcessInstance newer = instanceOf(resets.request(contact.id(), "self-service", false));

        assertThat(older).isEnded().hasPassed(Elements.END_SUPERSEDED);
        assertThat(resetLink.inspect(olderToken).problem()).isEqualTo(LinkProblem.REPLACED);
        scenario.runDeliveryJob(calledProcessInstance(newer));
        String newerToken = scenario.lastToken(contact.email());
        assertThat(resetLink.submit(olderToken, NEW_PASSWORD, NEW_PASSWORD).problem()).isEqualTo(LinkProblem.REPLACED);
        assertThat(resetLink.submit(newerToken, NEW_PASSWORD, NEW_PASSWORD).succeeded()).isTrue();
    }

    @Test
    void deliveryCancelledByTheAdmin() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), "demo", true);
        ProcessInstance instance = instanceOf(reset);
        ProcessInstance delivery = calledProcessInstance(instance);
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        complete(BpmnAwareTests.task(delivery), withVariables(MailDeliveryProcess.Vars.RESOLUTION, "cancel"));
        scenario.runDeliveryJob(delivery);

        assertThat(instance).isEnded().hasPassed(Elements.END_ABANDONED);
        assertThat(resets.get(reset.id()).status()).isEqualTo(PasswordReset.Status.CANCELLED);
    }

    @Test
    void startedFromTasklistAndRefusedWithoutAnAccount() {
        Contact contact = scenario.activeContact();
        identity.setAuthentication("anna", java.util.List.of("credential-admins"));
        try {
            String definition = engine.getRepositoryService().createProcessDefinitionQuery()
                    .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).latestVersion().singleResult().getId();
            assertThat(forms.getStartFormData(definition).getCamundaFormRef().getKey()).isEqualTo("send-reset-link");
            ProcessInstance instance = forms.submitStartForm(definition, Map.of("contactEmail", contact.email()));
            assertThat(instance).isWaitingAt(Elements.DELIVER_RESET_LINK);
            PasswordReset reset = resets.get(scenario.idOf(instance));
            assertThat(reset.requestedBy()).isEqualTo("anna");
            assertThat(reset.expiresAt()).isAfter(Instant.now().plus(Duration.ofHours(23)));
        } finally {
            identity.clearAuthentication();
        }
        Contact invited = scenario.newContact();
        scenario.invite(invited);
        assertThatThrownBy(() -> resets.request(invited.id(), "demo", true)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("resend the invitation");
    }

    @Test
    void anAdminsNewPasswordEndsTheResetRequestedBeforeIt() {
        Contact contact = scenario.activeContact();
        PasswordReset before = resets.request(contact.id(), "demo", true);
        ProcessInstance instance = instanceOf(before);
        scenario.runDeliveryJob(calledProcessInstance(instance));
        String token = scenario.lastToken(contact.email());

        ProcessInstance change = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(passwordChanges.request(contact.id(), PasswordChangeProcess.Delivery.EMAIL, "demo")
                        .processInstanceId()).singleResult();
        scenario.runDeliveryJob(calledProcessInstance(change));

        // its link died with the new password: the request does not show "pending" until it expires
        assertThat(resets.get(before.id()).status()).isEqualTo(PasswordReset.Status.SUPERSEDED);
        assertThat(instance).isEnded().hasPassed(Elements.END_SUPERSEDED);
        assertThat(resetLink.inspect(token).problem()).isEqualTo(LinkProblem.PASSWORD_CHANGED);

        PasswordReset after = resets.request(contact.id(), "demo", true);
        assertThat(resets.get(after.id()).status()).as("a request after the change stays")
                .isEqualTo(PasswordReset.Status.PENDING);
    }

    private ProcessInstance instanceOf(PasswordReset reset) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).variableValueEquals("resetId", reset.id())
                .singleResult();
    }

    @Test
    void aBouncedResetEmailEndsTheLinkAndAnAdminRetries() {
        Contact contact = scenario.activeContact();
        PasswordReset reset = resets.request(contact.id(), "demo", true);
        ProcessInstance instance = instanceOf(reset);
        scenario.runDeliveryJob(calledProcessInstance(instance));
        String token = scenario.lastToken(contact.email());
        MailLogEntry sent = mailLog.forContact(contact.id()).stream()
                .filter(e -> PasswordResetProcess.RESET_TEMPLATE.equals(e.template())).findFirst().orElseThrow();

        deliveryEvents.apply(new DeliveryEvent("test:" + UUID.randomUUID(), "test", DeliveryEvent.Kind.BOUNCED,
                sent.messageId(), sent.recipient(), "5.2.2", "mailbox full for good", Instant.now()));

        assertThat(instance).hasPassed(Elements.RESET_LINK_BOUNCED, Elements.END_BOUNCED_RESET_LINK)
                .isWaitingAt(Elements.RESOLVE_BOUNCED_RESET_LINK);
        assertThat(resetLink.inspect(token).valid()).as("the bounced link is ended").isFalse();
        ProcessInstance delivery = calledProcessInstance(instance);
        assertThat(delivery).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        assertThat(engine.getRuntimeService().getVariable(delivery.getId(),
                MailDeliveryProcess.Vars.LAST_DELIVERY_ERROR)).isEqualTo("5.2.2 mailbox full for good");

        // the address is suppressed now: lifted by the admin before retrying
        suppressions.lift(contact.email(), "demo", "the mailbox was emptied");
        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.RETRY.code());
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);
        assertThat(instance).isWaitingAt(Elements.AWAIT_NEW_PASSWORD);
        assertThat(resetLink.submit(scenario.lastToken(contact.email()), NEW_PASSWORD, NEW_PASSWORD).succeeded())
                .isTrue();
    }
}
