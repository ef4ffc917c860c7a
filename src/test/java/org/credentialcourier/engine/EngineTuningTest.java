package org.credentialcourier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.support.CourierTest;
import org.credentialcourier.support.Scenario;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The engine settings that the benchmark chose (docs/BENCHMARKS.md) are in force: job acquisition through an index on
 * the due date, and priorities that put an invitation before bursts of reminders and expiries.
 */
@CourierTest
class EngineTuningTest {

    @Autowired ProcessEngine engine;
    @Autowired ManagementService management;
    @Autowired Scenario scenario;
    @Autowired DataSource dataSource;

    @Test
    void everyJobHasADueDateAndAcquisitionHasItsIndex() throws SQLException {
        ProcessInstance invitation = scenario.invite(scenario.newContact());
        List<Job> jobs = management.createJobQuery().processInstanceId(scenario.delivery(invitation).getId()).list();
        assertThat(jobs).hasSize(1);
        assertThat(jobs.get(0).getDuedate()).as("the send job's due date").isNotNull();
        assertThat(jobs.get(0).getPriority()).isEqualTo(10);

        boolean found = false;
        try (Connection connection = dataSource.getConnection()) {
            // upper case on H2, lower case on PostgreSQL
            for (String table : List.of("ACT_RU_JOB", "act_ru_job")) {
                try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (indexes.next()) {
                        found |= JobAcquisitionIndex.INDEX.equalsIgnoreCase(indexes.getString("INDEX_NAME"))
                                && "DUEDATE_".equalsIgnoreCase(indexes.getString("COLUMN_NAME"));
                    }
                }
            }
        }
        assertThat(found).as("index " + JobAcquisitionIndex.INDEX + " on ACT_RU_JOB(DUEDATE_)").isTrue();
    }

    @Test
    void timersThatFallDueInBurstsComeAfterWhatSomebodyWaitsFor() {
        ProcessInstance invitation = scenario.inviteAndDeliver(scenario.newContact());
        List<Job> timers = management.createJobQuery().processInstanceId(invitation.getId()).timers().list();
        assertThat(timers).hasSize(2).allSatisfy(timer -> assertThat(timer.getPriority()).isZero());
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        assertThat(configuration.isJobExecutorAcquireByPriority()).isTrue();
        assertThat(configuration.isEnsureJobDueDateNotNull()).isTrue();
    }
}
