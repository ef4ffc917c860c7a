package org.credentialcourier.password;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.Map;

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
import org.credentialcourier.delivery.HandOver;
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
 * abandoned, refused.
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

    private ProcessInstance instanceOf(PasswordChangeService.Requested requested) {
        return engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(requested.processInstanceId()).singleResult();
    }

    static String newPasswordIn(String mailText) {
        return mailText.lines().map(String::strip).filter(line -> line.matches("[A-Za-z2-9!#%+=?@_~-]{16}"))
                .findFirst().orElseThrow(() -> new AssertionError("No password in " + mailText));
    }
}
