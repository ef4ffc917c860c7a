package org.credentialcourier.system.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.h2.engine.Database;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.RandomAccessStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Keeps the embedded H2 file near the size of its data while the application runs (issue 18).
 * <p>
 * H2's MVStore appends each commit's changed pages to the file as a new chunk. A chunk's space is reused only once
 * none of its pages is live. The engine's many small transactions touch pages of a hundred tables and indexes, so
 * most chunks keep a few live pages, and H2's own housekeeping rewrites only a little of them while the store is
 * busy. Left alone, the file held 7 to 10 times its data uncompressed, 2.4 times compressed at 10,000 pending
 * invitations, and 24 times where a small database saw many changes to the same pages.
 * <p>
 * So every {@code interval}, while the live data is estimated below {@code below-live-percent} of the file, this
 * compacts the file online ({@link MVStore#compactFile}): it rewrites the live pages of sparse chunks into new
 * chunks, moves chunks towards the start of the file and cuts off its free end. The store's writers wait meanwhile,
 * so it runs for at most {@code quiet-max-time} when the database's data changed at most {@code quiet-changes} times
 * since the last look, and for {@code busy-max-time} otherwise (by default not at all: under load, a second of it
 * paused the writers and left the file larger, as the rewritten pages went to its end while the freed chunks were
 * still in use). A look that gained nothing is not repeated before the file has grown by a tenth: at 100,000
 * pending invitations, ten seconds of it every thirty gained nothing and held up the writers each time. H2 2.3.232
 * (h2database#4086) and 2.4.240 failed assertions on this path; 2.5.252 does not.
 * <p>
 * {@code compactFile} sets the store's retention time to zero. The time the database URL set is restored after
 * each compaction. Nothing happens on PostgreSQL or on an in-memory H2. docs/BENCHMARKS.md, "Disk", has the figures.
 */
@Component
public class H2FileCompaction implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(H2FileCompaction.class);
    /** How much of the file one round of moving chunks rewrites at most (H2's own compactFile moves as much). */
    private static final long MOVE_BYTES_PER_ROUND = 16 << 20;
    /**
     * A round can free nothing while the versions that read the rewritten chunks are still in use, under load more
     * often: the look goes on after such a pause, and ends after this many rounds in a row without gain.
     */
    private static final int MAX_ROUNDS_WITHOUT_GAIN = 3;
    private static final Duration PAUSE_WITHOUT_GAIN = Duration.ofMillis(200);

    private final DataSource dataSource;
    private final H2CompactionProperties properties;
    private ScheduledExecutorService timer;
    /**
     * The database's count of data changes at the last look: how many changes were committed since then tells quiet
     * from busy. H2's own housekeeping and this compaction write to the file too, but change no data.
     */
    private long lastChanges = -1;
    /**
     * The file's size after the last look that compacted and gained nothing (at most a hundredth of the file; 0: none
     * since). A look that would only repeat it holds the writers up for nothing: the next one waits until the file
     * has grown by a tenth.
     */
    private long fruitlessAt;

    public H2FileCompaction(DataSource dataSource, H2CompactionProperties properties) {
        this.dataSource = dataSource;
        this.properties = properties;
    }

    /**
     * One look at the file: its size before and after in bytes, the live share H2 estimated before and after, whether
     * the store was quiet, and whether it compacted.
     */
    public record Outcome(long fileBytesBefore, long fileBytesAfter, int livePercentBefore, int livePercentAfter,
            boolean quiet, boolean compacted) {

        static final Outcome NOT_H2_FILE = new Outcome(0, 0, 100, 100, true, false);
    }

    /** Compacts the file if its live data is below the threshold; does nothing on another database. */
    public synchronized Outcome compactIfSparse() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Database database = h2FileDatabase(connection);
            if (database == null) {
                return Outcome.NOT_H2_FILE;
            }
            MVStore store = database.getStore().getMvStore();
            FileStore<?> file = store.getFileStore();
            long changes = database.getModificationDataId();
            long previousChanges = lastChanges;
            boolean quiet = previousChanges >= 0 && changes - previousChanges <= properties.quietChanges();
            lastChanges = changes;
            long before = file.size();
            int live = livePercent(file);
            Duration budget = quiet ? properties.quietMaxTime() : properties.busyMaxTime();
            if (live >= properties.belowLivePercent() || budget.isZero() || budget.isNegative()
                    || fruitlessAt > 0 && before < fruitlessAt + fruitlessAt / 10) {
                return new Outcome(before, before, live, live, quiet, false);
            }
            long t0 = System.nanoTime();
            long deadline = t0 + budget.toNanos();
            int retention = store.getRetentionTime();
            int rounds = 0;
            try {
                int best = live;
                int roundsWithoutGain = 0;
                while (true) {
                    long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
                    // rewrites the live pages of sparse chunks, frees the emptied ones and moves the first chunks
                    store.compactFile((int) Math.min(Integer.MAX_VALUE, left));
                    // then closes the gaps the freed chunks left, so that the file's end can be cut off
                    if (file instanceof RandomAccessStore moving) {
                        moving.compactMoveChunks(101, MOVE_BYTES_PER_ROUND, store);
                    }
                    rounds++;
                    int reached = livePercent(file);
                    roundsWithoutGain = reached > best ? 0 : roundsWithoutGain + 1;
                    best = Math.max(best, reached);
                    if (reached >= properties.belowLivePercent() || roundsWithoutGain >= MAX_ROUNDS_WITHOUT_GAIN
                            || System.nanoTime() + PAUSE_WITHOUT_GAIN.toNanos() >= deadline) {
                        break;
                    }
                    if (roundsWithoutGain > 0) {
                        // a chunk is freed only once no version in use still reads it: the writers' commits move on
                        Thread.sleep(PAUSE_WITHOUT_GAIN.toMillis());
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                store.setRetentionTime(retention);
            }
            cutOffFreeEnd(store);
            long after = file.size();
            int liveAfter = livePercent(file);
            // a hundredth of the file or less is no gain: cutting off the free end alone can give back a block or two
            fruitlessAt = before - after <= before / 100 && liveAfter <= live ? after : 0;
            log.info("H2 file compacted ({}, {} data changes since the last look) in {} round(s), {} ms:"
                    + " {} MB -> {} MB, live data {} % -> {} %", quiet ? "quiet" : "busy",
                    previousChanges < 0 ? "no count of" : changes - previousChanges, rounds,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0), before >> 20, after >> 20, live, liveAfter);
            return new Outcome(before, after, live, liveAfter, quiet, true);
        }
    }

    /**
     * Cuts off the free end of the file that the rounds may leave. H2 truncates the file when it moves a chunk or
     * writes one short of the file's end; when the last round freed the chunks at the end and found nothing left to
     * move (the rewritten pages had gone into a gap near the start), the file keeps its old length, its free end
     * uncounted by the live share, until the next commit. One small chunk written now (the store's version, written
     * again unchanged) lands before that end, and H2 cuts the file there.
     */
    private static void cutOffFreeEnd(MVStore store) {
        store.setStoreVersion(store.getStoreVersion());
        store.commit();
    }

    /** The embedded H2 database behind {@code connection} if it is held in an open file, else null. */
    static Database h2FileDatabase(Connection connection) throws SQLException {
        if (!connection.isWrapperFor(JdbcConnection.class)
                || !(connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session)) {
            return null;
        }
        MVStore store = session.getDatabase().getStore().getMvStore();
        return store.getFileStore() == null || store.isClosed() ? null : session.getDatabase();
    }

    /**
     * The share of the file that live pages fill: the file's share in chunks times the chunks' share of live pages
     * (young chunks count as live, so this errs high and compacts late rather than often).
     */
    static int livePercent(FileStore<?> file) {
        return file.getFillRate() * file.getChunksFillRate() / 100;
    }

    @Override
    public void start() {
        if (!properties.enabled() || !onAnH2File()) {
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

    /** Whether the data source is an embedded H2 file: on PostgreSQL or an in-memory H2 no thread is started. */
    private boolean onAnH2File() {
        try (Connection connection = dataSource.getConnection()) {
            return h2FileDatabase(connection) != null;
        } catch (SQLException e) {
            // not known yet: the looks find out, as they do when the database goes away later
            log.warn("H2 file compaction could not tell the database: {}", e.toString());
            return true;
        }
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
            // no interrupt: an interrupted write closes H2's file channel; a compaction under way finishes before the
            // data source closes, and the next one is not started
            timer.shutdown();
            try {
                long longest = Math.max(properties.quietMaxTime().toMillis(), properties.busyMaxTime().toMillis());
                timer.awaitTermination(longest + 5_000, TimeUnit.MILLISECONDS);
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
