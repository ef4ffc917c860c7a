package org.credentialcourier.system.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.Database;
import org.h2.mvstore.FileStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.DestructionAwareBeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Compacts the embedded H2 file fully when the application stops, if its live data fills less than
 * {@code courier.h2-compaction.below-live-percent} of it (issue 18).
 * <p>
 * The online compaction ({@link H2FileCompaction}) cannot take back every chunk: H2 2.5.252 counts a few pages live
 * that no root reaches any more (pages of tables and indexes whose rows are updated or deleted), and its rewrite skips
 * them, so the chunks that hold them stay. At 100,000 pending invitations 1,553 such pages held 820 MB, a quarter of
 * the file, and the file grew with every invitation that came and went (docs/BENCHMARKS.md, "What holds the file";
 * {@code bash bench/h2-anatomy.sh} shows them). Only a full copy of the live pages into a new file, H2's
 * {@code SHUTDOWN COMPACT}, drops them, and it needs the database closed. So this runs it at the last moment of a stop:
 * just before the data source closes, after everything that uses it (the process engine, its job executor, the online
 * compaction) has stopped, and once the job executor's last job has ended (waiting at most 10 s; HikariCP itself would
 * abort a connection still in use). On two cores it took 5 to 7 s for the 180 MB of live data of 20,000 pending
 * invitations and 33 s for the 900 MB of 100,000, which the stop waits for. H2 writes the copy to a temporary file and
 * swaps it in, so a stop cut short leaves the old file whole.
 * <p>
 * Nothing happens on PostgreSQL, on an in-memory H2, with {@code on-stop: false}, or when the file is dense enough.
 */
@Component
public class H2CompactionOnStop implements DestructionAwareBeanPostProcessor {

    private static final Logger log = LoggerFactory.getLogger(H2CompactionOnStop.class);
    /** How long a job still running may finish first; then it fails, as when the pool aborts its connection. */
    private static final Duration IDLE_WAIT = Duration.ofSeconds(10);
    /** How long the other sessions must have been idle: longer than the pause between two queued jobs. */
    private static final Duration QUIET = Duration.ofMillis(300);

    /** Looked up when the application stops: a post-processor must not bring the configuration up early. */
    private final ObjectProvider<H2CompactionProperties> properties;

    public H2CompactionOnStop(ObjectProvider<H2CompactionProperties> properties) {
        this.properties = properties;
    }

    @Override
    public boolean requiresDestruction(Object bean) {
        return bean instanceof DataSource;
    }

    @Override
    public void postProcessBeforeDestruction(Object bean, String beanName) {
        H2CompactionProperties settings = properties.getIfAvailable();
        if (bean instanceof DataSource dataSource && settings != null && settings.enabled() && settings.onStop()) {
            compactIfSparse(dataSource, settings.belowLivePercent());
        }
    }

    /**
     * Closes the database with {@code SHUTDOWN COMPACT} if it is an H2 file whose live data fills less than
     * {@code belowLivePercent} of it; returns whether it did. Every other connection to it is closed with it.
     */
    boolean compactIfSparse(DataSource dataSource, int belowLivePercent) {
        Connection connection = null;
        // once SHUTDOWN COMPACT ran, or something failed and said why, the pool may complain of the closed database
        boolean databaseMayBeClosed = false;
        try {
            connection = dataSource.getConnection();
            Database database = H2FileCompaction.h2FileDatabase(connection);
            if (database == null) {
                return false;
            }
            FileStore<?> file = database.getStore().getMvStore().getFileStore();
            long before = file.size();
            int live = H2FileCompaction.livePercent(file);
            if (live >= belowLivePercent) {
                log.info("H2 file left as it is on stop: {} MB, live data {} %", before >> 20, live);
                return false;
            }
            log.info("H2 file is being compacted on stop: {} MB, live data {} % (about a second per 25 MB of it)",
                    before >> 20, live);
            Path path = Path.of(file.getFileName());
            awaitOtherSessionsIdle(connection);
            long t0 = System.nanoTime();
            databaseMayBeClosed = true;
            try (Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN COMPACT");
            }
            log.info("H2 file compacted on stop in {} ms: {} MB -> {} MB",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), before >> 20, sizeOf(path) >> 20);
            return true;
        } catch (SQLException | RuntimeException e) {
            // the data source closes as it would have; the file stays as it was, to be compacted online again (when
            // H2's own shutdown hook closed the database first, as it does with DB_CLOSE_ON_EXIT=TRUE, the default)
            log.warn("H2 file compaction on stop failed: {}", e.toString());
            databaseMayBeClosed = true;
            return false;
        } finally {
            close(connection, databaseMayBeClosed);
        }
    }

    /**
     * Waits, for at most {@link #IDLE_WAIT}, until no other session has run a statement or held uncommitted changes for
     * {@link #QUIET}: the job executor's threads may still run the jobs they had queued after the engine has stopped,
     * one after another with hardly a pause, and {@code SHUTDOWN COMPACT} would close the database under them.
     */
    private static void awaitOtherSessionsIdle(Connection connection) throws SQLException {
        long deadline = System.nanoTime() + IDLE_WAIT.toNanos();
        long idleSince = System.nanoTime();
        try (PreparedStatement busy = connection.prepareStatement("select count(*) from INFORMATION_SCHEMA.SESSIONS"
                + " where SESSION_ID <> SESSION_ID() and (EXECUTING_STATEMENT is not null or CONTAINS_UNCOMMITTED)")) {
            while (true) {
                long now = System.nanoTime();
                try (ResultSet r = busy.executeQuery()) {
                    r.next();
                    if (r.getInt(1) > 0) {
                        idleSince = now;
                    } else if (now - idleSince >= QUIET.toNanos()) {
                        return;
                    }
                }
                if (now >= deadline) {
                    log.warn("H2 file compaction on stop goes ahead with sessions still at work after {} s",
                            IDLE_WAIT.toSeconds());
                    return;
                }
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Gives the connection back, warning of a failure only where none was expected. */
    private static void close(Connection connection, boolean databaseMayBeClosed) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            if (!databaseMayBeClosed) {
                log.warn("H2 file compaction on stop could not give its connection back: {}", e.toString());
            }
        }
    }

    private static long sizeOf(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return -1;
        }
    }
}
