package org.credentialcourier.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.calledProcessInstance;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.complete;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.execute;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.job;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.withVariables;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.bulk.BulkAction;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.bulk.BulkSource;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.member.Activation;
import org.credentialcourier.member.MemberPasswordChange;
import org.credentialcourier.member.ResetLink;
import org.credentialcourier.password.AdminPasswordChange;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeService;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.reset.PasswordResetService;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.DeliveryDriver;
import org.credentialcourier.support.Scenario;
import org.credentialcourier.support.Tables;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The canary: every flow that issues a secret runs with secrets this test learns (from the emails, the hand-overs
 * and its own choices), then every table (the application's and Camunda's runtime and history, byte arrays
 * included) and every log line is searched for each of them. Zero hits.
 */
@CourierTest
@ExtendWith(OutputCaptureExtension.class)
class SecretCanaryTest {

    @Autowired ProcessEngine engine;
    @Autowired Scenario scenario;
    @Autowired InvitationService invitations;
    @Autowired Activation activation;
    @Autowired HandOver handOver;
    @Autowired PasswordChangeService changes;
    @Autowired AdminPasswordChange adminPasswordChange;
    @Autowired PasswordResetService resets;
    @Autowired ResetLink resetLink;
    @Autowired MemberPasswordChange memberPasswordChange;
    @Autowired DataSource dataSource;
    @Autowired BulkService bulk;
    @Autowired org.credentialcourier.invitation.InvitationRepository invitationRows;
    @Autowired org.credentialcourier.contact.ContactRepository contactRows;

    private final List<String> secrets = new ArrayList<>();

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void noIssuedSecretRestsAnywhere(CapturedOutput output) throws Exception {
        // invite, resend, accept
        Contact ada = scenario.newContact();
        ProcessInstance invitation = scenario.inviteAndDeliver(ada);
        learn(scenario.lastToken(ada.email()));
        invitations.resend(scenario.idOf(invitation), "demo");
        scenario.runDeliveryJob(scenario.delivery(invitation));
        String accepted = learn(scenario.lastToken(ada.email()));
        assertThat(activation.submit(accepted, chosen("first"), chosen("first")).succeeded()).isTrue();

        // invite and cancel; invite and let it expire
        Contact bob = scenario.newContact();
        ProcessInstance cancelled = scenario.inviteAndDeliver(bob);
        learn(scenario.lastToken(bob.email()));
        invitations.cancel(scenario.idOf(cancelled), "system");
        Contact cleo = scenario.newContact();
        ProcessInstance expired = scenario.inviteAndDeliver(cleo);
        learn(scenario.lastToken(cleo.email()));
        execute(job(InvitationProcess.Elements.INVITATION_EXPIRED, expired));

        // a failed delivery handed over by hand
        Contact dan = scenario.newContact();
        var attempt = scenario.firstAttempt(dan);
        DeliveryDriver.escalateWhileSmtpIsDown(scenario, attempt.delivery());
        complete(BpmnAwareTests.task(attempt.delivery()), withVariables(MailDeliveryProcess.Vars.RESOLUTION, "manual"));
        scenario.runDeliveryJob(attempt.delivery());
        String handedOver = learn(handOver.reveal(attempt.delivery().getId(), "demo").orElseThrow().secret());
        String handedOverToken = learn(Scenario.token(handedOver));
        assertThat(activation.submit(handedOverToken, chosen("second"), chosen("second")).succeeded()).isTrue();

        // change the password both ways
        ProcessInstance emailed = engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceId(changes.request(ada.id(), Delivery.EMAIL, "demo").processInstanceId())
                .singleResult();
        scenario.runDeliveryJob(calledProcessInstance(emailed));
        learn(Scenario.text(scenario.lastMail(ada.email())).lines().map(String::strip)
                .filter(l -> l.matches("[A-Za-z2-9!#%+=?@_~-]{16}")).findFirst().orElseThrow());
        learn(adminPasswordChange.change(dan.id(), Delivery.MANUAL, "demo").password());

        // a reset link, used; and a change by the contact
        var reset = resets.request(ada.id(), "demo", true);
        ProcessInstance resetInstance = engine.getRuntimeService().createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).variableValueEquals("resetId", reset.id())
                .singleResult();
        scenario.runDeliveryJob(calledProcessInstance(resetInstance));
        String resetToken = learn(scenario.lastToken(ada.email()));
        assertThat(resetLink.submit(resetToken, chosen("third"), chosen("third")).succeeded()).isTrue();
        memberPasswordChange.change(dan.id(), chosen("fourth"));

        // a CSV import that invites, then a bulk resend and a bulk cancel of the same invitations
        String eve = Scenario.uniqueEmail("canary.eve");
        String fay = Scenario.uniqueEmail("canary.fay");
        var plan = bulk.planCsvImport("email,firstName,lastName\n" + eve + ",Eve,Canary\n" + fay
                + ",Fay,Canary\n", true);
        String importRun = bulk.start(plan, "demo").id();
        runBulk(importRun);
        List<String> bulkInvitations = new ArrayList<>();
        for (String email : List.of(eve, fay)) {
            String invitationId = invitationRows.findOpenForContact(contactRows.findByEmail(email).orElseThrow().id())
                    .orElseThrow().id();
            bulkInvitations.add(invitationId);
            ProcessInstance instance = scenario.instanceOf(invitationId);
            scenario.runDeliveryJob(scenario.delivery(instance));
            learn(scenario.lastToken(email));
        }
        runBulk(bulk.start(bulk.planInvitationAction(BulkAction.RESEND, BulkSource.INVITATION_IDS, bulkInvitations),
                "demo").id());
        for (String email : List.of(eve, fay)) {
            String invitationId = invitationRows.findOpenForContact(contactRows.findByEmail(email).orElseThrow().id())
                    .orElseThrow().id();
            scenario.runDeliveryJob(scenario.delivery(scenario.instanceOf(invitationId)));
            learn(scenario.lastToken(email));
        }
        runBulk(bulk.start(bulk.planInvitationAction(BulkAction.CANCEL, BulkSource.INVITATION_IDS, bulkInvitations),
                "demo").id());
        assertThat(bulkInvitations).allSatisfy(id -> assertThat(invitations.get(id).status().code())
                .isEqualTo("cancelled"));

        assertThat(secrets).hasSize(17).doesNotHaveDuplicates();
        for (String secret : secrets) {
            assertThat(Tables.cellsContaining(dataSource, secret)).as("tables holding a secret").isEmpty();
            assertThat(output.getAll()).as("log lines").doesNotContain(secret);
        }
        assertThat(Tables.cellsContaining(dataSource, ada.email())).as("the search does find what is there")
                .isNotEmpty();
    }

    /** Runs a bulk run's chunks until it ends or waits for its review. */
    private void runBulk(String bulkId) {
        var runtime = engine.getRuntimeService();
        var instance = runtime.createProcessInstanceQuery().variableValueEquals("bulkId", bulkId).singleResult();
        List<org.camunda.bpm.engine.runtime.Job> jobs;
        while (!(jobs = engine.getManagementService().createJobQuery().processInstanceId(instance.getId()).list())
                .isEmpty()) {
            engine.getManagementService().executeJob(jobs.get(0).getId());
        }
    }

    private String learn(String secret) {
        secrets.add(secret);
        return secret;
    }

    private String chosen(String which) {
        String password = "canary " + which + " password " + Integer.toHexString(System.identityHashCode(this));
        if (!secrets.contains(password)) {
            secrets.add(password);
        }
        return password;
    }
}
