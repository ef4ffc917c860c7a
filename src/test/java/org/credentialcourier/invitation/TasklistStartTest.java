package org.credentialcourier.invitation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import java.util.Map;

import javax.sql.DataSource;

import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.bulk.BulkInvitationProcess;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationProcess.Elements;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Inviting from Tasklist's start form "Invite a contact", as the webapp does through the form service. */
@CourierTest
class TasklistStartTest {

    @Autowired ProcessEngine engine;
    @Autowired FormService forms;
    @Autowired RepositoryService repository;
    @Autowired IdentityService identity;
    @Autowired InvitationService invitations;
    @Autowired Scenario scenario;
    @Autowired DataSource dataSource;
    @Autowired org.credentialcourier.contact.ContactService contacts;
    @Autowired org.credentialcourier.delivery.Suppressions suppressions;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    /** What Tasklist does when admin anna submits the start form: the engine knows her for that one command. */
    private ProcessInstance submitAsAnna(Map<String, Object> fields) {
        identity.setAuthentication("anna", java.util.List.of("credential-admins"));
        try {
            return forms.submitStartForm(definitionId(), fields);
        } finally {
            identity.clearAuthentication();
        }
    }

    @AfterEach
    void signOut() {
        identity.clearAuthentication();
    }

    @Test
    void startFormInvitesTheContactWithThatEmail() {
        Contact contact = scenario.newContact();
        ProcessInstance instance = submitAsAnna(Map.of(Vars.CONTACT_EMAIL, contact.email().toUpperCase()));

        assertThat(instance).isWaitingAt(Elements.DELIVER_INVITATION);
        String invitationId = (String) engine.getRuntimeService().getVariable(instance.getId(), Vars.INVITATION_ID);
        assertThat(instance.getBusinessKey()).as("a label for Cockpit, the same as from the console")
                .isEqualTo(contact.email() + " · inv " + invitationId.substring(0, 8));
        Invitation invitation = invitations.get(invitationId);
        assertThat(invitation.contactId()).isEqualTo(contact.id());
        assertThat(invitation.createdBy()).isEqualTo("anna");

        scenario.runDeliveryJob(scenario.delivery(instance));
        assertThat(instance).isWaitingAt(Elements.AWAIT_ACCEPTANCE);
        assertThat(scenario.mailsTo(contact.email())).hasSize(1);
    }

    @Test
    void unknownEmailIsRefusedAndNothingStarts() throws Exception {
        var before = Tables.rowCounts(dataSource);
        assertThatThrownBy(() -> submitAsAnna(Map.of(Vars.CONTACT_EMAIL, "nobody@example.org")))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("No contact has the email address nobody@example.org");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void contactWithAnOpenInvitationIsRefused() {
        Contact contact = scenario.newContact();
        scenario.invite(contact);
        assertThatThrownBy(() -> submitAsAnna(Map.of(Vars.CONTACT_EMAIL, contact.email())))
                .isInstanceOf(ProcessEngineException.class).hasMessageContaining("open invitation");
    }

    @Test
    void aLikelyTypoIsRefusedWithASentenceUntilSendEvenSoIsTicked() throws Exception {
        Contact contact = contacts.create(new NewContact(
                Scenario.uniqueEmail("tasklist.typo").replace("@example.org", "@gmial.com"), "Ada", "Lovelace", "en"));
        var before = Tables.rowCounts(dataSource);
        for (Object unticked : new Object[] {null, false}) {
            Map<String, Object> fields = new java.util.HashMap<>(Map.of(Vars.CONTACT_EMAIL, contact.email()));
            if (unticked != null) {
                fields.put(Vars.ACCEPT_WARNINGS, unticked);
            }
            assertThatThrownBy(() -> submitAsAnna(fields))
                    .isInstanceOf(ProcessEngineException.class)
                    .hasMessageContaining("Did you mean " + contact.email().replace("@gmial.com", "@gmail.com") + "?")
                    .hasMessageContaining("tick \"Send even so\"");
            assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
        }

        ProcessInstance instance = submitAsAnna(Map.of(Vars.CONTACT_EMAIL, contact.email(),
                Vars.ACCEPT_WARNINGS, true));
        assertThat(instance).isWaitingAt(Elements.DELIVER_INVITATION);
    }

    @Test
    void aSuppressedAddressIsRefusedEvenSo() throws Exception {
        Contact contact = scenario.newContact();
        suppressions.suppress(contact.email(), "bounced", "5.1.1 user unknown", null);
        var before = Tables.rowCounts(dataSource);
        assertThatThrownBy(() -> submitAsAnna(Map.of(Vars.CONTACT_EMAIL, contact.email(),
                Vars.ACCEPT_WARNINGS, true)))
                .isInstanceOf(ProcessEngineException.class)
                .hasMessageContaining("Not sent: " + contact.email() + " is on the suppression list since");
        assertThat(Tables.rowCounts(dataSource)).isEqualTo(before);
    }

    @Test
    void startFormIsTheCamundaFormFromForms() {
        var startForm = forms.getStartFormData(definitionId());
        assertThat(startForm.getCamundaFormRef().getKey()).isEqualTo("invite-contact");
    }

    /** Tasklist's "Start process" lists the startable definitions: the mail delivery is called, never started. */
    @Test
    void tasklistOffersTheProcessesWithAStartFormButNotTheMailDelivery() {
        var startable = repository.createProcessDefinitionQuery().latestVersion().active().startableInTasklist()
                .list().stream().map(definition -> definition.getKey()).toList();
        assertThat(startable).contains(InvitationProcess.PROCESS_KEY, PasswordResetProcess.PROCESS_KEY,
                PasswordChangeProcess.PROCESS_KEY, BulkInvitationProcess.PROCESS_KEY)
                .doesNotContain(MailDeliveryProcess.PROCESS_KEY);
        assertThat(repository.createProcessDefinitionQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                .latestVersion().notStartableInTasklist().count()).isEqualTo(1);
    }

    private String definitionId() {
        return repository.createProcessDefinitionQuery().processDefinitionKey(InvitationProcess.PROCESS_KEY)
                .latestVersion().singleResult().getId();
    }
}
