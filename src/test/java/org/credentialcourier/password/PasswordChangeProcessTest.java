package org.credentialcourier.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.AccountPasswords.Verdict;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Elements;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.system.web.ConflictException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every path of process {@code password-change}: emailed, handed over by hand (with or without the notice), delivery
 * abandoned, refused; and a new-password email that bounces after its server had accepted it.
 */
@ProcessTest
class PasswordChangeProcessTest {

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired PasswordChangeService changes;
    @Autowired AccountPasswords passwords;
    @Autowired HandOver handOver;
    @Autowired ContactHistory history;
    @Autowired FormService forms;
    @Autowired IdentityService identity;
    @Autowired DeliveryEvents deliveryEvents;
    @Autowired MailLog mailLog;
    @Autowired Suppressions suppressions;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void emailedNewPasswordReplacesTheOldOneAndIsTemporary() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.EMAIL, "demo"));
        assertThat(change).isWaitingAt(Elements.DELIVER_NEW_PASSWORD);
        assertThat(passwords.verify(contact.id(), Scenario.MEMBER_PASSWORD)).as("unchanged until delivered")
                .isEqualTo(Verdict.VALID);

        scenario.runDeliveryJob(calledProcessInstance(change));

        assertThat(change).isEnded().hasPassed(Elements.END_CHANGED).hasNotPassed(Elements.DELIVER_CHANGE_NOTICE);
        String mail = Scenario.text(scenario.lastMail(contact.email()));
        assertThat(mail).contains("set a new password for your account", "https://courier.example.test/sign-in");
        String password = newPasswordIn(mail);
        assertThat(passwords.verify(contact.id(), password)).isEqualTo(Verdict.MUST_CHANGE);
        assertThat(passwords.verify(contact.id(), Scenario.MEMBER_PASSWORD)).isEqualTo(Verdict.WRONG);
        assertThat(changes.get(scenario.idOf(change)).status()).isEqualTo(PasswordChange.Status.DONE);
        assertThat(history.of(contact.id())).extracting(ContactHistory.Entry::type).contains(
                ContactHistory.Type.PASSWORD_CHANGE_REQUESTED, ContactHistory.Type.PASSWORD_EMAILED,
                ContactHistory.Type.PASSWORD_CHANGED);
        assertThat(history.of(contact.id()).toString()).doesNotContain(password);
    }

    @Test
    void handedOverByHandThenTheContactIsNotified() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.MANUAL, "demo"));
        assertThat(change).isWaitingAt(Elements.HAND_OVER_NEW_PASSWORD);
        assertThat(BpmnAwareTests.task(change)).hasCandidateGroup("credential-admins");
        assertThatThrownBy(() -> complete(BpmnAwareTests.task(change))).isInstanceOf(ProcessEngineException.class);

        String password = handOver.reveal(change.getId(), "demo").orElseThrow().secret();
        assertThat(handOver.reveal(change.getId(), "demo")).as("once only").isEmpty();

        assertThat(passwords.verify(contact.id(), password)).isEqualTo(Verdict.MUST_CHANGE);
        assertThat(change).isWaitingAt(Elements.DELIVER_CHANGE_NOTICE);
        scenario.runDeliveryJob(calledProcessInstance(change));
        assertThat(change).isEnded().hasPassed(Elements.END_CHANGED);
        assertThat(Scenario.text(scenario.lastMail(contact.email())))
                .contains("Your administrator changed the password of your").doesNotContain(password);
        assertThat(history.of(contact.id())).extracting(ContactHistory.Entry::type)
                .contains(ContactHistory.Type.PASSWORD_REVEALED);
        assertThat(history.of(contact.id())).filteredOn(e -> e.type() == ContactHistory.Type.PASSWORD_REVEALED)
                .singleElement().satisfies(e -> assertThat(e.actor()).isEqualTo("demo"));
    }

    @Test
    void handedOverByHandWithoutANoticeSendsTheContactNothing() {
        Contact contact = scenario.activeContact();
        int mailsBefore = scenario.mailsTo(contact.email()).size();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.MANUAL_NO_NOTICE, "demo"));
        assertThat(change).isWaitingAt(Elements.HAND_OVER_NEW_PASSWORD);

        String password = handOver.reveal(change.getId(), "demo").orElseThrow().secret();

        assertThat(passwords.verify(contact.id(), password)).isEqualTo(Verdict.MUST_CHANGE);
        assertThat(change).isEnded().hasPassed(Elements.HAND_OVER_NEW_PASSWORD, Elements.END_CHANGED)
                .hasNotPassed(Elements.DELIVER_CHANGE_NOTICE, Elements.DELIVER_NEW_PASSWORD);
        assertThat(changes.get(scenario.idOf(change)).status()).isEqualTo(PasswordChange.Status.DONE);
        assertThat(scenario.mailsTo(contact.email())).as("no notice, no password").hasSize(mailsBefore);
        assertThat(history.of(contact.id())).filteredOn(e -> e.type() == ContactHistory.Type.PASSWORD_CHANGED)
                .singleElement().satisfies(e -> assertThat(e.detail()).contains("manual-no-notice"));
    }

    @Test
    void deliveryFailureThenTheAdminCancelsAndTheOldPasswordStays() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.EMAIL, "demo"));
        ProcessInstance delivery = calledProcessInstance(change);
        assertThat(DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery)).isEqualTo(5);

        complete(BpmnAwareTests.task(delivery), withVariables(MailDeliveryProcess.Vars.RESOLUTION, "cancel"));
        scenario.runDeliveryJob(delivery);

        assertThat(change).isEnded().hasPassed(Elements.END_ABANDONED);
        assertThat(changes.get(scenario.idOf(change)).status()).isEqualTo(PasswordChange.Status.ABANDONED);
        assertThat(passwords.verify(contact.id(), Scenario.MEMBER_PASSWORD)).isEqualTo(Verdict.VALID);
    }

    @Test
    void deliveryFailureThenTheAdminRetriesAndOnlyTheNewestPasswordWorks() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.EMAIL, "demo"));
        ProcessInstance delivery = calledProcessInstance(change);
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, delivery);
        complete(BpmnAwareTests.task(delivery), withVariables(MailDeliveryProcess.Vars.RESOLUTION, "retry"));
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);

        assertThat(change).isEnded().hasPassed(Elements.END_CHANGED);
        String password = newPasswordIn(Scenario.text(scenario.lastMail(contact.email())));
        assertThat(passwords.verify(contact.id(), password)).isEqualTo(Verdict.MUST_CHANGE);
    }

    @Test
    void startedFromTasklist() {
        Contact contact = scenario.activeContact();
        identity.setAuthentication("anna", java.util.List.of("credential-admins"));
        try {
            String definition = engine.getRepositoryService().createProcessDefinitionQuery()
                    .processDefinitionKey(PasswordChangeProcess.PROCESS_KEY).latestVersion().singleResult().getId();
            assertThat(forms.getStartFormData(definition).getCamundaFormRef().getKey()).isEqualTo("change-password");
            ProcessInstance change = forms.submitStartForm(definition,
                    Map.of("contactEmail", contact.email(), "delivery", "manual"));
            assertThat(change).isWaitingAt(Elements.HAND_OVER_NEW_PASSWORD)
                    .variables().containsEntry("handoverUrl", "https://courier.example.test/admin/handover/" + change.getId());
            String changeId = (String) engine.getRuntimeService()
                    .getVariable(change.getId(), PasswordChangeProcess.Vars.CHANGE_ID);
            assertThat(change.getBusinessKey()).as("a label for Cockpit, the same as from the console")
                    .isEqualTo(contact.email() + " · change " + changeId.substring(0, 8));
            assertThat(changes.get(scenario.idOf(change)).requestedBy()).isEqualTo("anna");

            assertThatThrownBy(() -> forms.submitStartForm(definition,
                    Map.of("contactEmail", "nobody@example.org", "delivery", "email")))
                    .hasMessageContaining("No contact has the email address");
        } finally {
            identity.clearAuthentication();
        }
    }

    @Test
    void onlyForContactsWithAnAccount() {
        Contact invited = scenario.newContact();
        scenario.invite(invited);
        assertThatThrownBy(() -> changes.request(invited.id(), Delivery.EMAIL, "demo"))
                .isInstanceOf(ConflictException.class).hasMessageContaining("active account");
    }

    @Test
    void aBouncedNewPasswordEndsThatPasswordAndAnAdminSendsAnother() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.EMAIL, "demo"));
        scenario.runDeliveryJob(calledProcessInstance(change));
        String bouncedPassword = newPasswordIn(Scenario.text(scenario.lastMail(contact.email())));
        assertThat(change).isEnded();

        bounce(contact);

        ProcessInstance bounced = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(bounceInstanceOf(scenario.idOf(change))).singleResult();
        assertThat(bounced).hasPassed(Elements.NEW_PASSWORD_BOUNCED, Elements.END_BOUNCED_NEW_PASSWORD)
                .isWaitingAt(Elements.RESOLVE_BOUNCED_NEW_PASSWORD);
        assertThat(passwords.verify(contact.id(), bouncedPassword)).as("the bounced password ends")
                .isEqualTo(Verdict.TEMPORARY_EXPIRED);
        assertThat(history.of(contact.id())).filteredOn(e -> e.type() == ContactHistory.Type.NEW_PASSWORD_BOUNCED)
                .singleElement().extracting(ContactHistory.Entry::detail).isEqualTo("5.1.1 no such user");
        ProcessInstance delivery = calledProcessInstance(bounced);
        assertThat(delivery).isWaitingAt(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY);
        assertThat(engine.getRuntimeService().getVariable(delivery.getId(),
                MailDeliveryProcess.Vars.LAST_DELIVERY_ERROR)).isEqualTo("5.1.1 no such user");

        // the address is suppressed: the admin lifts it (the mailbox exists again), then retries
        suppressions.lift(contact.email(), "demo", "the mailbox was created again");
        scenario.resolveInTasklist("admin", delivery, MailDeliveryProcess.Resolution.RETRY.code());
        scenario.runDeliveryJob(delivery);
        scenario.runDeliveryJob(delivery);

        assertThat(bounced).isEnded().hasPassed(Elements.END_BOUNCE_RESOLVED);
        String second = newPasswordIn(Scenario.text(scenario.lastMail(contact.email())));
        assertThat(second).isNotEqualTo(bouncedPassword);
        assertThat(passwords.verify(contact.id(), second)).isEqualTo(Verdict.MUST_CHANGE);
    }

    @Test
    void aBounceOfAPasswordTheContactAlreadyReplacedIsOnlyNoted() {
        Contact contact = scenario.activeContact();
        ProcessInstance change = instanceOf(changes.request(contact.id(), Delivery.EMAIL, "demo"));
        scenario.runDeliveryJob(calledProcessInstance(change));
        passwords.setChosenPassword(contact.id(), "a password the member chose 42");

        bounce(contact);

        assertThat(passedActivities(bounceInstanceOf(scenario.idOf(change))))
                .contains(Elements.END_BOUNCED_NEW_PASSWORD, Elements.END_BOUNCE_NOTED)
                .doesNotContain(Elements.RESOLVE_BOUNCED_NEW_PASSWORD);
        assertThat(passwords.verify(contact.id(), "a password the member chose 42")).isEqualTo(Verdict.VALID);
        assertThat(history.of(contact.id())).extracting(ContactHistory.Entry::type)
                .contains(ContactHistory.Type.NEW_PASSWORD_BOUNCED);
    }

    private void bounce(Contact contact) {
        MailLogEntry sent = mailLog.forContact(contact.id()).stream()
                .filter(e -> PasswordChangeProcess.NEW_PASSWORD_TEMPLATE.equals(e.template())).findFirst()
                .orElseThrow();
        deliveryEvents.apply(new DeliveryEvent("test:" + UUID.randomUUID(), "test", DeliveryEvent.Kind.BOUNCED,
                sent.messageId(), sent.recipient(), "5.1.1", "no such user", Instant.now()));
    }

    /** The instance that "New-password email bounced" started for the change. */
    private String bounceInstanceOf(String changeId) {
        return engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processDefinitionKey(PasswordChangeProcess.PROCESS_KEY)
                .variableValueEquals(PasswordChangeProcess.Vars.CHANGE_ID, changeId).list().stream()
                .filter(h -> Elements.NEW_PASSWORD_BOUNCED.equals(h.getStartActivityId()))
                .map(h -> h.getId()).reduce((a, b) -> {
                    throw new AssertionError("two instances for one bounce");
                }).orElseThrow();
    }

    private java.util.List<String> passedActivities(String instanceId) {
        return engine.getHistoryService().createHistoricActivityInstanceQuery().processInstanceId(instanceId)
                .finished().list().stream().map(a -> a.getActivityId()).toList();
    }

    private ProcessInstance instanceOf(PasswordChangeService.Requested requested) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(requested.processInstanceId()).singleResult();
    }

    static String newPasswordIn(String mailText) {
        return mailText.lines().map(String::strip).filter(line -> line.matches("[A-Za-z2-9!#%+=?@_~-]{16}"))
                .findFirst().orElseThrow(() -> new AssertionError("No password in " + mailText));
    }
}
