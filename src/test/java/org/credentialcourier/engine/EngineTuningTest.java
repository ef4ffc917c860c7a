package org.credentialcourier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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

        assertThat(columnsOf(JobAcquisitionIndex.INDEX)).as("index " + JobAcquisitionIndex.INDEX).containsExactly("DUEDATE_");
    }

    @Test
    void onPostgresqlTheLockedJobsHaveAnIndexOfTheirOwn() throws SQLException {
        boolean postgres = "postgres".equals(
                ((ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration()).getDatabaseType());
        // H2 has no partial indexes: there the engine's index on the process instance serves the subquery
        assertThat(columnsOf(JobAcquisitionIndex.LOCKED_INDEX)).as("index " + JobAcquisitionIndex.LOCKED_INDEX)
                .isEqualTo(postgres ? List.of("PROCESS_INSTANCE_ID_") : List.of());
        if (postgres) {
            try (Connection connection = dataSource.getConnection(); ResultSet definition = connection.createStatement()
                    .executeQuery("select indexdef from pg_indexes where indexname = 'act_idx_job_locked'")) {
                assertThat(definition.next()).isTrue();
                assertThat(definition.getString(1)).containsIgnoringCase("WHERE (lock_owner_ IS NOT NULL)");
            }
        }
    }

    /** The columns of an index on ACT_RU_JOB, upper case, in order; empty if there is no such index. */
    private List<String> columnsOf(String index) throws SQLException {
        List<String> columns = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            // upper case on H2, lower case on PostgreSQL
            for (String table : List.of("ACT_RU_JOB", "act_ru_job")) {
                try (ResultSet indexes = connection.getMetaData().getIndexInfo(null, null, table, false, false)) {
                    while (indexes.next()) {
                        if (index.equalsIgnoreCase(indexes.getString("INDEX_NAME"))) {
                            columns.add(indexes.getString("COLUMN_NAME").toUpperCase(Locale.ROOT));
                        }
                    }
                }
            }
        }
        return columns;
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
