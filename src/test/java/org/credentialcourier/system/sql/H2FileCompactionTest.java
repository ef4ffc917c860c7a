package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Random;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link H2FileCompaction} on a real file-based H2 in a temporary directory: a database written the way the engine
 * writes (many small transactions updating rows spread over a table and its indexes) holds several times its data,
 * and one look brings the file near its live data (measured by {@code SHUTDOWN COMPACT} afterwards). The database is
 * opened with {@code RETENTION_TIME=0}, so that chunks are rewritable and freed at once.
 */
class H2FileCompactionTest {

    @TempDir
    Path dir;

    private JdbcDataSource dataSource;
    /** Keeps the database open between the connections the compaction takes and gives back. */
    private Connection holder;

    @BeforeEach
    void openDatabase() throws SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:file:" + dir.resolve("courier") + ";AUTO_SERVER=FALSE;RETENTION_TIME=0");
        dataSource.setUser("sa");
        holder = dataSource.getConnection();
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        if (!holder.isClosed()) {
            holder.close();
        }
    }

    @Test
    void aSparseFileIsCompactedToNearItsLiveData() throws Exception {
        churn();
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(Duration.ofSeconds(30)));

        H2FileCompaction.Outcome outcome = compaction.compactIfSparse();

        long live = shutdownCompact();
        assertThat(outcome.compacted()).isTrue();
        assertThat(outcome.fileBytesBefore()).as("the churned file, against its live data of %d bytes", live)
                .isGreaterThan(3 * live);
        // measured: 7.6 MB before, 1.7 MB after, 0.75 MB after SHUTDOWN COMPACT (whose pages are fuller than any
        // running store's)
        assertThat(outcome.fileBytesAfter()).as("the file after one look, against its live data of %d bytes", live)
                .isLessThanOrEqualTo(3 * live);
    }

    @Test
    void theScheduleCompactsWhileTheDatabaseIsOpen() throws Exception {
        churn();
        long before = Files.size(file());
        H2FileCompaction compaction = new H2FileCompaction(dataSource,
                new H2CompactionProperties(true, Duration.ofMillis(100), 60, Duration.ofSeconds(30)));

        compaction.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.size(file()) > before / 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            compaction.stop();
        }

        assertThat(Files.size(file())).as("the file of %d bytes, compacted by the schedule alone", before)
                .isLessThanOrEqualTo(before / 2);
    }

    @Test
    void aFileWithLittleGarbageIsLeftAlone() throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("create table T(ID int primary key, A varchar(100))");
            s.execute("insert into T select X, 'row ' || X from system_range(1, 1000)");
        }
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(Duration.ofSeconds(30)));

        H2FileCompaction.Outcome outcome = compaction.compactIfSparse();

        assertThat(outcome.compacted()).as("live share %d %%", outcome.livePercentBefore()).isFalse();
    }

    @Test
    void anInMemoryDatabaseIsNotTouched() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:compaction-test");
        try (Connection open = memory.getConnection()) {
            H2FileCompaction.Outcome outcome = new H2FileCompaction(memory, properties(Duration.ofSeconds(1)))
                    .compactIfSparse();

            assertThat(outcome).isEqualTo(H2FileCompaction.Outcome.NOT_H2_FILE);
        }
    }

    private static H2CompactionProperties properties(Duration maxTime) {
        return new H2CompactionProperties(true, Duration.ofMinutes(1), 60, maxTime);
    }

    /** Rows added, changed and removed one small transaction at a time, as the engine does with its jobs. */
    private void churn() throws SQLException {
        Random random = new Random(18);
        try (Statement s = holder.createStatement()) {
            s.execute("create table T(ID int primary key, STATE int, A varchar(200), B varchar(64))");
            s.execute("create index T_STATE on T(STATE)");
            s.execute("create index T_B on T(B)");
        }
        holder.setAutoCommit(false);
        try (PreparedStatement insert = holder.prepareStatement("insert into T values (?, ?, ?, ?)");
             PreparedStatement update = holder.prepareStatement("update T set STATE = ?, B = ? where ID = ?");
             PreparedStatement delete = holder.prepareStatement("delete from T where ID = ?")) {
            int next = 0;
            for (int tx = 0; tx < 3_000; tx++) {
                for (int i = 0; i < 5; i++, next++) {
                    insert.setInt(1, next);
                    insert.setInt(2, 0);
                    insert.setString(3, "a row of some length, like an activity instance " + next);
                    insert.setString(4, Long.toHexString(random.nextLong()));
                    insert.executeUpdate();
                }
                for (int i = 0; i < 5; i++) {
                    update.setInt(1, random.nextInt(10));
                    update.setString(2, Long.toHexString(random.nextLong()));
                    update.setInt(3, random.nextInt(next));
                    update.executeUpdate();
                }
                delete.setInt(1, random.nextInt(next));
                delete.executeUpdate();
                holder.commit();
            }
        }
        holder.setAutoCommit(true);
    }

    /** Closes the database with SHUTDOWN COMPACT: the size of its live data. */
    private long shutdownCompact() throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        holder.close();
        return Files.size(file());
    }

    private Path file() {
        return dir.resolve("courier.mv.db");
    }
}
