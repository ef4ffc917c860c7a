package org.credentialcourier.support;

import static org.camunda.bpm.engine.test.assertions.bpmn.BpmnAwareTests.assertThat;

import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.camunda.bpm.engine.test.assertions.bpmn.AbstractAssertions;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;

/** Drives a delivery through its retries while SMTP keeps failing, until an admin must decide. */
public final class DeliveryDriver {

    private DeliveryDriver() {
    }

    /** Runs every attempt and retry timer while SMTP connections are refused; returns how many attempts were made. */
    public static int escalateWhileSmtpIsDown(Scenario scenario, ProcessInstance delivery) {
        try (AutoCloseable outage = scenario.smtpUnreachable()) {
            return failUntilEscalated(scenario, delivery);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Runs attempts and retry timers; returns how many attempts were made. */
    public static int failUntilEscalated(Scenario scenario, ProcessInstance delivery) {
        int attempts = 0;
        while (true) {
            assertThat(delivery).isWaitingAt(Elements.SEND_EMAIL);
            scenario.runDeliveryJob(delivery);
            attempts++;
            if (isWaitingAt(delivery, Elements.RETRY_DELAY)) {
                scenario.runDeliveryJob(delivery);
            } else {
                break;
            }
        }
        assertThat(delivery).isWaitingAt(Elements.RESOLVE_FAILED_DELIVERY);
        return attempts;
    }

    private static boolean isWaitingAt(ProcessInstance instance, String activityId) {
        ProcessInstanceQuery query = AbstractAssertions.processEngine().getRuntimeService()
                .createProcessInstanceQuery().processInstanceId(instance.getId()).activityIdIn(activityId);
        return query.count() == 1;
    }
}
