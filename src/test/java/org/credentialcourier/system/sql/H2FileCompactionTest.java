package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

/**
 * {@link H2FileCompaction} on a real file-based H2 in a temporary directory, opened with the application's retention
 * time and compression: a database written the way the engine writes (many small transactions updating rows spread
 * over a table and its indexes) holds several times its data, and a look brings the file near its live data
 * (measured by {@code SHUTDOWN COMPACT} afterwards, which compresses as well) while writers go on.
 */
class H2FileCompactionTest extends OpenH2File {

    private static final Duration LONG = Duration.ofSeconds(30);

    @Test
    void aSparseFileShrinksToNearItsLiveDataAndKeepsItsRetentionTime() throws Exception {
        churn(3_000);
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(LONG, LONG));
        String rows = EngineLikeChurn.rows(holder);

        H2FileCompaction.Outcome outcome = compaction.compactIfSparse();

        assertThat(outcome.compacted()).isTrue();
        assertThat(outcome.livePercentBefore()).isLessThan(60);
        assertThat(outcome.livePercentAfter()).isGreaterThan(outcome.livePercentBefore());
        assertThat(setting("RETENTION_TIME")).as("the URL's retention time, after compactFile set it to 0")
                .isEqualTo("1000");
        assertThat(EngineLikeChurn.rows(holder)).isEqualTo(rows);
        long live = shutdownCompact();
        assertThat(outcome.fileBytesBefore()).as("the churned file, against its live data of %d bytes", live)
                .isGreaterThan(3 * live);
        assertThat(outcome.fileBytesAfter()).as("the file after one look (%s), against its live data of %d bytes",
                outcome, live).isLessThanOrEqualTo(2 * live);
    }

    @Test
    void withoutABusyBudgetOnlyAQuietStoreIsCompacted() throws Exception {
        churn(3_000);
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(LONG, Duration.ZERO));

        H2FileCompaction.Outcome first = compaction.compactIfSparse();
        churn(100);
        H2FileCompaction.Outcome busy = compaction.compactIfSparse();
        H2FileCompaction.Outcome quiet = compaction.compactIfSparse();

        assertThat(first.quiet()).as("nothing known about the store before its first look").isFalse();
        assertThat(first.compacted()).isFalse();
        assertThat(busy.quiet()).as("a hundred commits since the last look").isFalse();
        assertThat(busy.compacted()).isFalse();
        assertThat(quiet.quiet()).as("no commit since the last look").isTrue();
        assertThat(quiet.compacted()).isTrue();
        assertThat(quiet.fileBytesAfter()).isLessThan(quiet.fileBytesBefore() / 2);
    }

    @Test
    void aLookThatGainedNothingIsNotRepeatedUntilTheFileGrows() throws Exception {
        churn(3_000);
        // compacts whatever the live share: a compacted file can gain nothing more
        H2FileCompaction compaction = new H2FileCompaction(dataSource,
                new H2CompactionProperties(true, Duration.ofMinutes(1), 100, 20, LONG, LONG, true));

        H2FileCompaction.Outcome gaining = compaction.compactIfSparse();
        H2FileCompaction.Outcome fruitless = compaction.compactIfSparse();
        H2FileCompaction.Outcome skipped = compaction.compactIfSparse();
        churn(3_000);
        H2FileCompaction.Outcome grown = compaction.compactIfSparse();

        assertThat(gaining.compacted()).isTrue();
        assertThat(gaining.fileBytesAfter()).isLessThan(gaining.fileBytesBefore());
        assertThat(fruitless.compacted()).as("%s", fruitless).isTrue();
        assertThat(fruitless.fileBytesAfter()).as("at most a hundredth gained: %s", fruitless)
                .isGreaterThanOrEqualTo(fruitless.fileBytesBefore() - fruitless.fileBytesBefore() / 100);
        assertThat(skipped.compacted()).as("the same file again: %s", skipped).isFalse();
        assertThat(grown.fileBytesBefore()).isGreaterThan(fruitless.fileBytesAfter() * 11 / 10);
        assertThat(grown.compacted()).as("the file grew: %s", grown).isTrue();
    }

    @Test
    void writersGoOnDuringCompactionAndNothingIsLost() throws Exception {
        churn(3_000);
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(LONG, LONG));
        try (Statement s = holder.createStatement()) {
            s.execute("create table W(ID int primary key, A varchar(100))");
        }
        AtomicBoolean compacting = new AtomicBoolean(true);
        CompletableFuture<Integer> writer = CompletableFuture.supplyAsync(() -> {
            int committed = 0;
            try (Connection c = dataSource.getConnection();
                 PreparedStatement insert = c.prepareStatement("insert into W values (?, ?)")) {
                while (compacting.get() || committed < 200) {
                    insert.setInt(1, committed);
                    insert.setString(2, "written while compacting " + committed);
                    insert.executeUpdate();
                    committed++;
                }
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return committed;
        });
        String rows = EngineLikeChurn.rows(holder);

        H2FileCompaction.Outcome outcome;
        try {
            outcome = compaction.compactIfSparse();
        } finally {
            compacting.set(false);
        }
        int committed = writer.join();

        assertThat(outcome.compacted()).isTrue();
        assertThat(EngineLikeChurn.rows(holder)).isEqualTo(rows);
        // closed and opened again: every commit is in the file, none of the moved chunks lost
        holder.close();
        holder = dataSource.getConnection();
        assertThat(EngineLikeChurn.rows(holder)).isEqualTo(rows);
        try (Statement s = holder.createStatement(); ResultSet r = s.executeQuery("select count(*), max(ID) from W")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(committed);
            assertThat(r.getInt(2)).isEqualTo(committed - 1);
        }
    }

    @Test
    void theScheduleCompactsWhileTheDatabaseIsOpen() throws Exception {
        churn(3_000);
        long before = Files.size(file());
        H2FileCompaction compaction = new H2FileCompaction(dataSource,
                new H2CompactionProperties(true, Duration.ofMillis(100), 60, 20, LONG, Duration.ZERO, true));

        compaction.start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (Files.size(file()) > before / 2 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
        } finally {
            compaction.stop();
        }

        assertThat(compaction.isRunning()).isFalse();
        assertThat(Files.size(file())).as("the file of %d bytes, compacted by the schedule alone", before)
                .isLessThanOrEqualTo(before / 2);
    }

    @Test
    void aFileWithLittleGarbageIsLeftAlone() throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("create table T(ID int primary key, A varchar(100))");
            s.execute("insert into T select X, 'row ' || X from system_range(1, 1000)");
        }
        H2FileCompaction compaction = new H2FileCompaction(dataSource, properties(LONG, LONG));

        H2FileCompaction.Outcome outcome = compaction.compactIfSparse();

        assertThat(outcome.compacted()).as("live share %d %%", outcome.livePercentBefore()).isFalse();
    }

    @Test
    void anInMemoryDatabaseIsNotTouched() throws Exception {
        JdbcDataSource memory = new JdbcDataSource();
        memory.setURL("jdbc:h2:mem:compaction-test");
        try (Connection open = memory.getConnection()) {
            H2FileCompaction compaction = new H2FileCompaction(memory, properties(LONG, LONG));

            H2FileCompaction.Outcome outcome = compaction.compactIfSparse();
            compaction.start();

            assertThat(outcome).isEqualTo(H2FileCompaction.Outcome.NOT_H2_FILE);
            assertThat(compaction.isRunning()).as("no thread for a database without a file").isFalse();
        }
    }

    private static H2CompactionProperties properties(Duration quietMaxTime, Duration busyMaxTime) {
        return new H2CompactionProperties(true, Duration.ofMinutes(1), 60, 20, quietMaxTime, busyMaxTime, true);
    }

    /** Churns the database like the engine, with a chunk written to the file every ten transactions. */
    private void churn(int transactions) throws SQLException {
        EngineLikeChurn.churn(holder, transactions, 10, file());
    }

    private String setting(String name) throws SQLException {
        try (PreparedStatement s = holder.prepareStatement(
                "select SETTING_VALUE from INFORMATION_SCHEMA.SETTINGS where SETTING_NAME = ?")) {
            s.setString(1, name);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** Closes the database with SHUTDOWN COMPACT: the size of its live data. */
    private long shutdownCompact() throws Exception {
        try (Statement s = holder.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        holder.close();
        return Files.size(file());
    }
}
