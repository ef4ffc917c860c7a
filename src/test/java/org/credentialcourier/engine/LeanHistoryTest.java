package org.credentialcourier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 18: the engine keeps history level {@code full} but writes no detail rows ({@link LeanHistory}); everything
 * else of an invitation's history is there.
 */
@CourierTest
class LeanHistoryTest {

    @Autowired Scenario scenario;
    @Autowired HistoryService history;

    @Test
    void anInvitationsHistoryHasItsVariablesAndActivitiesButNoDetailRows() {
        Contact contact = scenario.activeContact();
        List<HistoricProcessInstance> invitation = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(InvitationProcess.PROCESS_KEY)
                .variableValueEquals(InvitationProcess.Vars.CONTACT_ID, contact.id()).list();
        assertThat(invitation).hasSize(1);
        String id = invitation.get(0).getId();

        assertThat(history.createHistoricVariableInstanceQuery().processInstanceId(id).count()).isPositive();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(id).count()).isPositive();
        assertThat(history.createHistoricJobLogQuery().processInstanceId(id).count())
                .as("the job log stays (the cluster's tests read its host names)").isPositive();
        assertThat(history.createHistoricDetailQuery().processInstanceId(id).count()).as("detail rows").isZero();
        assertThat(history.createHistoricDetailQuery().count()).as("no detail row anywhere").isZero();
    }
}
