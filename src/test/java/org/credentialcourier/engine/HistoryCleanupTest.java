package org.credentialcourier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine's history does not grow for ever (issue 18): every process has a time to live, the history of an ended
 * process (with its called deliveries) carries the moment it may go, and the nightly cleanup job removes it then.
 * Without a batch window the engine never schedules that job, and a year of use kept every row.
 */
@CourierTest
class HistoryCleanupTest {

    private static final Duration TIME_TO_LIVE = Duration.ofDays(180);

    @Autowired ProcessEngine engine;
    @Autowired HistoryService history;
    @Autowired ManagementService management;
    @Autowired Scenario scenario;

    @AfterEach
    void realTime() {
        ClockUtil.reset();
    }

    @Test
    void theCleanupIsScheduledEveryNight() {
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.getHistoryCleanupStrategy()).isEqualTo("removalTimeBased");
        assertThat(configuration.getHistoryRemovalTimeStrategy()).isEqualTo("end");
        assertThat(configuration.getHistoryCleanupBatchWindowStartTime()).isEqualTo("01:00");
        assertThat(configuration.getHistoryCleanupBatchWindowEndTime()).isEqualTo("05:00");
        assertThat(history.findHistoryCleanupJobs()).as("the engine scheduled its cleanup job").isNotEmpty();
    }

    @Test
    void anEndedInvitationsHistoryGoesAfterItsTimeToLiveAndNotBefore() {
        Contact contact = scenario.activeContact();
        List<HistoricProcessInstance> invitation = history.createHistoricProcessInstanceQuery()
                .processDefinitionKey(InvitationProcess.PROCESS_KEY)
                .variableValueEquals(InvitationProcess.Vars.CONTACT_ID, contact.id()).list();
        assertThat(invitation).hasSize(1);
        HistoricProcessInstance root = invitation.get(0);
        assertThat(root.getEndTime()).as("accepted: the invitation ended").isNotNull();
        List<HistoricProcessInstance> all = new ArrayList<>(invitation);
        all.addAll(history.createHistoricProcessInstanceQuery().superProcessInstanceId(root.getId()).list());
        assertThat(all).as("the invitation and its delivery").hasSizeGreaterThanOrEqualTo(2);
        Instant removal = root.getEndTime().toInstant().plus(TIME_TO_LIVE);
        assertThat(all).allSatisfy(instance -> assertThat(instance.getRemovalTime()).as("removal time")
                .isEqualTo(Date.from(removal)));
        String[] ids = all.stream().map(HistoricProcessInstance::getId).toArray(String[]::new);

        cleanUpAt(removal.minus(Duration.ofDays(1)));
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceIds(java.util.Set.of(ids)).count())
                .as("a day before its time").isEqualTo(ids.length);

        cleanUpAt(removal.plus(Duration.ofMinutes(1)));
        assertThat(history.createHistoricProcessInstanceQuery().processInstanceIds(java.util.Set.of(ids)).count())
                .as("instances").isZero();
        assertThat(history.createHistoricVariableInstanceQuery().processInstanceIdIn(ids).count())
                .as("variables").isZero();
        assertThat(history.createHistoricActivityInstanceQuery().processInstanceId(root.getId()).count())
                .as("activities").isZero();
        assertThat(history.createHistoricDetailQuery().processInstanceIdIn(ids).count()).as("details").isZero();
    }

    /**
     * Runs the cleanup job at {@code now} until it finds nothing more to remove (each run removes a batch; what the
     * other tests left ended earlier and goes first).
     */
    private void cleanUpAt(Instant now) {
        ClockUtil.setCurrentTime(Date.from(now));
        Job job = history.cleanUpHistoryAsync(true);
        for (int run = 0; run < 500 && job != null; run++) {
            long before = history.createHistoricProcessInstanceQuery().count();
            management.executeJob(job.getId());
            if (history.createHistoricProcessInstanceQuery().count() == before) {
                break;
            }
            job = history.findHistoryCleanupJobs().stream().findFirst().orElse(null);
        }
    }
}
