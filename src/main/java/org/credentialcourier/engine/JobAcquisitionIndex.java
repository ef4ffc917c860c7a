package org.credentialcourier.engine;

import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lets the job executor find due jobs without reading every job. Each pending invitation keeps two timers in
 * {@code ACT_RU_JOB}, so at 100,000 pending invitations every acquisition would scan 200,000 rows: the engine's
 * condition {@code DUEDATE_ is null or DUEDATE_ <= now} can use no index. With {@code ensure-job-due-date-not-null}
 * (application.yaml) every job gets a due date and the condition becomes {@code DUEDATE_ <= now}, which the index
 * made here serves (docs/BENCHMARKS.md, "Job acquisition at scale").
 * <p>
 * The index belongs to the engine's table, which the engine creates after the application's Flyway migrations
 * ({@link SchemaBeforeEngine}); so it is made here, once the engine is built, on H2 and PostgreSQL alike. Jobs that an
 * earlier version left without a due date would never be acquired under the new condition: they are given one.
 * <p>
 * On PostgreSQL a second index serves the query's other half, "no job of the same instance is locked by someone",
 * while thousands of timers fall due at once: the planner then hashes that subquery by reading every job (at 100,000
 * pending invitations a parallel scan of 200,000 rows, 240 ms per acquisition; docs/BENCHMARKS.md, "PostgreSQL at
 * 100,000 pending"). Only locked jobs matter to it, a few dozen at any time, so the index holds only those. H2 has no
 * partial indexes and reads the subquery through the engine's index on the process instance, row by row.
 */
@Component
public class JobAcquisitionIndex implements InitializingBean {

    static final String INDEX = "ACT_IDX_JOB_DUEDATE";
    static final String LOCKED_INDEX = "ACT_IDX_JOB_LOCKED";

    private static final Logger log = LoggerFactory.getLogger(JobAcquisitionIndex.class);

    private final JdbcClient jdbc;
    private final boolean dueDateAlwaysSet;
    private final boolean postgres;

    /** Takes the engine so that Spring makes this after the engine has created its tables. */
    public JobAcquisitionIndex(ProcessEngine engine, JdbcClient jdbc) {
        this.jdbc = jdbc;
        ProcessEngineConfigurationImpl configuration =
                (ProcessEngineConfigurationImpl) engine.getProcessEngineConfiguration();
        this.dueDateAlwaysSet = configuration.isEnsureJobDueDateNotNull();
        this.postgres = "postgres".equals(configuration.getDatabaseType());
    }

    @Override
    public void afterPropertiesSet() {
        if (postgres) {
            createIndex(LOCKED_INDEX, "create index if not exists " + LOCKED_INDEX
                    + " on ACT_RU_JOB(PROCESS_INSTANCE_ID_) where LOCK_OWNER_ is not null");
        }
        if (!dueDateAlwaysSet) {
            log.info("ensure-job-due-date-not-null is off: the job executor reads every job at each acquisition");
            return;
        }
        createIndex(INDEX, "create index if not exists " + INDEX + " on ACT_RU_JOB(DUEDATE_)");
        int undated = jdbc.sql("update ACT_RU_JOB set DUEDATE_ = CURRENT_TIMESTAMP where DUEDATE_ is null").update();
        if (undated > 0) {
            log.info("Gave {} jobs of an earlier version a due date, so that the job executor acquires them", undated);
        }
    }

    private void createIndex(String name, String sql) {
        try {
            jdbc.sql(sql).update();
        } catch (DataAccessException e) {
            // another node of the cluster, starting at the same moment, may have made it first
            log.warn("Could not create index {} on ACT_RU_JOB (made by another node?): {}", name, e.getMessage());
        }
    }
}
