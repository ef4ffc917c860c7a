package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;

import org.credentialcourier.CredentialCourierApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The application on its own H2 URL (all but the Camunda webapps), with its job executor running, stopped as a service
 * manager stops it: the file is compacted after the process engine and its job executor have stopped, before the pool
 * closes, without an error, and the application's data is all there when the file is opened again.
 */
@ExtendWith(OutputCaptureExtension.class)
class H2CompactionOnStopApplicationTest {

    @TempDir
    Path dir;

    @Test
    void theStoppedApplicationLeavesACompactedFileThatOpensWithItsData(CapturedOutput output) throws Exception {
        String url = ApplicationYaml.h2Url(dir);
        ConfigurableApplicationContext application = new SpringApplicationBuilder(CredentialCourierApplication.class)
                .profiles("test")
                // arguments, as a service's command line gives them: above the test profile's settings
                .run("--spring.datasource.url=" + url, "--server.port=0", "--spring.main.banner-mode=off",
                        // without the Camunda webapps: they keep static state, which a closed second context would
                        // leave pointing at its stopped engine for the tests that run after this one
                        "--camunda.bpm.webapp.enabled=false",
                        "--camunda.bpm.job-execution.enabled=true",
                        // an engine name of its own: closing it must not unregister the other tests' "default"
                        "--camunda.bpm.process-engine-name=compactionOnStop",
                        // any file the start wrote is below a live share of 100 %: this one is compacted
                        "--courier.h2-compaction.below-live-percent=100");

        application.close();

        String log = output.getAll();
        assertThat(log).contains("H2 file compacted on stop").doesNotContain("H2 file compaction on stop failed")
                .as("a job that was still running finished before the database closed")
                .doesNotContain("ENGINE-14006").doesNotContain("sessions still at work");
        assertThat(log.indexOf("H2 file is being compacted on stop"))
                .as("the compaction begins after the job executor has shut down")
                .isGreaterThan(log.indexOf("ENGINE-14015 Shutting down the JobExecutor"))
                .isGreaterThan(-1);
        try (Connection reopened = DriverManager.getConnection(url, "sa", "");
             Statement s = reopened.createStatement();
             ResultSet r = s.executeQuery("select count(*) from ACT_RE_PROCDEF where KEY_ = 'invitation'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getInt(1)).as("the deployed invitation process").isPositive();
        }
    }
}
