package org.credentialcourier.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.support.ProcessTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * {@code courier.mail.max-per-minute}: each attempt waits for its own sending slot, and the slots are spaced by the
 * limit (here 60 a minute: a second apart), whoever asks.
 */
@ProcessTest
@TestPropertySource(properties = {"courier.mail.max-per-minute=60",
        // a second application context: its engine must not take the name under which the first one's REST API and
        // webapps find theirs (an engine's signed-in user is its own, so the other one would check no authorization)
        "camunda.bpm.process-engine-name=sendingLimitTest"})
class SendingLimitTest {

    @Autowired ProcessEngine engine;
    @Autowired ManagementService management;
    @Autowired Scenario scenario;

    @BeforeEach
    void init() {
        BpmnAwareTests.init(engine);
    }

    @Test
    void eachDeliveryWaitsForItsSlotAndSlotsAreSpacedByTheLimit() throws Exception {
        Contact first = scenario.newContact();
        Contact second = scenario.newContact();
        ProcessInstance one = scenario.firstAttempt(first).delivery();
        ProcessInstance two = scenario.firstAttempt(second).delivery();

        assertThat(one).isWaitingAt(Elements.SENDING_SLOT_REACHED);
        assertThat(two).isWaitingAt(Elements.SENDING_SLOT_REACHED);
        Job slotOne = scenario.timer(one.getId(), Elements.SENDING_SLOT_REACHED);
        Job slotTwo = scenario.timer(two.getId(), Elements.SENDING_SLOT_REACHED);
        assertThat(slotTwo.getDuedate().getTime() - slotOne.getDuedate().getTime()).isGreaterThanOrEqualTo(1000);

        scenario.execute(slotOne);
        assertThat(one).isWaitingAt(Elements.SEND_EMAIL);
        scenario.runDeliveryJob(one);

        assertThat(one).isEnded().hasPassed(Elements.SENDING_SLOT_REACHED, Elements.EMAIL_SENT);
        assertThat(scenario.mailsTo(first.email())).hasSize(1);
        assertThat(scenario.mailsTo(second.email())).isEmpty();
    }
}
