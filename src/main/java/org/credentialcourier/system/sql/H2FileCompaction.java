package org.credentialcourier.system.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file near the size of its data while the application runs (issue 18). H2's MVStore appends
 * each commit's changed pages as a new chunk and reuses a chunk's space only once none of its pages is live. The
 * engine's many small transactions touch pages of a hundred tables and indexes, so most chunks keep a few live pages:
 * the file held 8 to 12 times its data, because H2's own housekeeping rewrites such chunks only when the store has
 * been idle or their fill rate fell very low, and then only a quarter of its write buffer at a time. So every
 * {@code interval}, while the live data is estimated below {@code below-live-percent} of the file, this rewrites the
 * sparsest chunks' live pages into new chunks ({@link MVStore#compact}, the same rewrite H2's housekeeping does), for
 * at most {@code max-time}; the emptied chunks' space is then reused, and the file's free end cut off, by H2 itself.
 * <p>
 * It does not move chunks to shrink the file ({@link MVStore#compactFile}): in H2 2.3.232 that path fails an assertion
 * (h2database#4086, fixed after 2.4.240), and H2 runs it only when closing. Nothing on PostgreSQL or an in-memory
 * H2. docs/BENCHMARKS.md, "Disk (issue 18)", has the figures.
 */
@Component
public class H2FileCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);
    private static final int REWRITE_BYTES_PER_ROUND = 4 << 20;

    private final DataSource dataSource;
    private final H2CompactionProperties properties;
    private ScheduledExecutorService timer;

    public H2FileCompaction(DataSource dataSource, H2CompactionProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /** The file before and after one look: sizes in bytes, the live share H2 estimated, whether it compacted. */
    public record Outcome(long fileBytesBefore, long fileBytesAfter, int livePercentBefore, boolean compacted) {

        static final Outcome NOT_H2_FILE = new Outcome(0, 0, 100, false);
    }

    /** Compacts the file if its live data is below the threshold; does nothing on another database. */
    public Outcome compactIfSparse() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!connection.isWrapperFor(JdbcConnection.class)
                    || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
                return Outcome.NOT_H2_FILE;
            }
            MVStore store = session.getDatabase().getStore().getMvStore();
            FileStore<?> file = store.getFileStore();
            if (file == null || store.isClosed()) {
                return Outcome.NOT_H2_FILE;
            }
            long before = file.size();
            int live = livePercent(file);
            if (live >= properties.belowLivePercent()) {
                return new Outcome(before, before, live, false);
            }
            long t0 = System.nanoTime();
            long deadline = t0 + properties.maxTime().toNanos();
            int rewrites = 0;
            // a few megabytes per round, committed, so that the store's writers wait at most one round
            while (livePercent(file) < properties.belowLivePercent() && System.nanoTime() < deadline
                    && store.compact(100, REWRITE_BYTES_PER_ROUND)) {
                store.commit();
                rewrites++;
            }
            if (rewrites == 0) {
                return new Outcome(before, before, live, false);
            }
            long after = file.size();
            log.info("H2 file: {} rounds of chunk rewriting in {} ms; {} MB before, {} MB now, live data {} % before, {} %"
                    + " now", rewrites, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), before >> 20, after >> 20,
                    live, livePercent(file));
            return new Outcome(before, after, live, true);
        }
    }

    /**
     * The share of the file that live pages fill: the file's share in chunks times the chunks' share of live pages
     * (young chunks count as live, so this errs high and compacts late rather than often).
     */
    private static int livePercent(FileStore<?> file) {
        return file.getFillRate() * file.getChunksFillRate() / 100;
    }

    @Override
    public void start() {
        if (!properties.enabled()) {
            return;
        }
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "h2-compaction");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.interval().toMillis();
        timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
    }

    private void tick() {
        try {
            compactIfSparse();
        } catch (SQLException | RuntimeException e) {
            // the next look tries again; a database that is closing or full must not stop the schedule
            log.warn("H2 file compaction failed: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (timer != null) {
            timer.shutdownNow();
            try {
                // a compaction under way finishes before the data source closes
                timer.awaitTermination(properties.maxTime().toMillis() + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            timer = null;
        }
    }

    @Override
    public boolean isRunning() {
        return timer != null;
    }
}
