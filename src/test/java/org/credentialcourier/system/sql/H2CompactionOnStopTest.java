package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

/**
 * {@link H2CompactionOnStop} on a real file-based H2 in a temporary directory, with the application's retention time
 * and compression: when the data source is about to close, a sparse file is closed with {@code SHUTDOWN COMPACT} and
 * opens again with every row; a dense file, another database, or {@code on-stop: false} are left as they are.
 */
class H2CompactionOnStopTest extends OpenH2File {

    @Test
    void aSparseFileIsCompactedWhenTheDataSourceIsAboutToCloseAndOpensAgainWithEveryRow() throws Exception {
        EngineLikeChurn.churn(holder, 3_000, 10, file());
        String rows = EngineLikeChurn.rows(holder);
        long before = Files.size(file());

        onStop(true).postProcessBeforeDestruction(dataSource, "dataSource");

        assertThat(holder.isValid(1)).as("the database was closed with SHUTDOWN COMPACT").isFalse();
        assertThat(Files.size(file())).as("the churned file of %d bytes, compacted", before)
                .isLessThan(before / 3);
        try (Connection reopened = dataSource.getConnection()) {
            assertThat(EngineLikeChurn.rows(reopened)).isEqualTo(rows);
        }
    }

    @Test
    void aDenseFileIsLeftOpenAsItIs() throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("create table T(ID int primary key, A varchar(100))");
            s.execute("insert into T select X, 'row ' || X from system_range(1, 1000)");
        }

        boolean compacted = onStop(true).compactIfSparse(dataSource, 60);

        assertThat(compacted).isFalse();
        assertThat(holder.isValid(1)).isTrue();
    }

    @Test
    void nothingHappensWhenSwitchedOffOrForAnotherBean() throws Exception {
        EngineLikeChurn.churn(holder, 3_000, 10, file());

        onStop(false).postProcessBeforeDestruction(dataSource, "dataSource");
        onStop(true).postProcessBeforeDestruction(new Object(), "somethingElse");

        assertThat(holder.isValid(1)).isTrue();
        assertThat(onStop(true).requiresDestruction(dataSource)).isTrue();
        assertThat(onStop(true).requiresDestruction(new Object())).isFalse();
    }

    @Test
    void anInMemoryDatabaseIsNotTouched() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:compaction-on-stop-test");
        try (Connection open = memory.getConnection()) {
            assertThat(onStop(true).compactIfSparse(memory, 100)).isFalse();
            assertThat(open.isValid(1)).isTrue();
        }
    }

    private static H2CompactionOnStop onStop(boolean enabled) {
        H2CompactionProperties properties = new H2CompactionProperties(true, Duration.ofMinutes(1), 60, 20,
                Duration.ofSeconds(2), Duration.ZERO, enabled);
        StaticListableBeanFactory beans = new StaticListableBeanFactory(Map.of("properties", properties));
        return new H2CompactionOnStop(beans.getBeanProvider(H2CompactionProperties.class));
    }
}
