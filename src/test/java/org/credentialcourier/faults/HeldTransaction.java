package org.credentialcourier.faults;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A transaction on a thread of its own that does its work and then waits, uncommitted, until the test lets it
 * commit: the tool that forces an interleaving. Whatever the work wrote stays locked in the database meanwhile, so a
 * second party that touches the same rows waits for it (which {@link #awaitLockWaits} sees), and the test decides
 * who commits first.
 */
final class HeldTransaction<T> {

    private final CountDownLatch held = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private final AtomicReference<T> result = new AtomicReference<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    HeldTransaction(String name, PlatformTransactionManager transactions, Callable<T> work) {
        TransactionTemplate template = new TransactionTemplate(transactions);
        thread = new Thread(() -> {
            try {
                template.execute(status -> {
                    try {
                        result.set(work.call());
                    } catch (RuntimeException e) {
                        throw e;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    held.countDown();
                    try {
                        if (!release.await(60, TimeUnit.SECONDS)) {
                            throw new IllegalStateException(name + " was never released");
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return null;
                });
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                held.countDown();
            }
        }, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Waits until the work is done and the transaction holds, uncommitted; its result. */
    T awaitHeld() throws InterruptedException {
        if (!held.await(60, TimeUnit.SECONDS)) {
            throw new AssertionError(thread.getName() + " did not get to hold its transaction");
        }
        if (failure.get() != null) {
            throw new AssertionError(thread.getName() + " failed before holding", failure.get());
        }
        return result.get();
    }

    boolean holding() {
        return held.getCount() == 0 && thread.isAlive();
    }

    /** Lets it commit as soon as its work is done, without waiting. */
    void release() {
        release.countDown();
    }

    /** Lets it commit and waits for the commit. */
    T commit() throws InterruptedException {
        release.countDown();
        thread.join(60_000);
        if (failure.get() != null) {
            throw new AssertionError(thread.getName() + " failed", failure.get());
        }
        return result.get();
    }

    /**
     * Waits until {@code n} database sessions wait for a row lock: the other parties have reached the rows the held
     * transaction wrote. PostgreSQL: {@code pg_stat_activity}; H2: {@code INFORMATION_SCHEMA.SESSIONS.BLOCKER_ID}.
     */
    static void awaitLockWaits(DataSource dataSource, int n) {
        Faults.await(n + " session(s) waiting for a lock", Duration.ofSeconds(30), Duration.ofMillis(20),
                () -> lockWaits(dataSource) >= n, () -> lockWaits(dataSource) + " waiting");
    }

    /** What the database's sessions are doing, for a failure message. */
    static String sessions(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            String sql = postgres
                    ? "SELECT pid, state, wait_event_type, wait_event, pg_blocking_pids(pid) AS blockers, "
                    + "left(query, 160) AS query FROM pg_stat_activity WHERE datname = current_database()"
                    : "SELECT SESSION_ID, BLOCKER_ID, EXECUTING_STATEMENT FROM INFORMATION_SCHEMA.SESSIONS";
            StringBuilder text = new StringBuilder();
            try (ResultSet rs = statement.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    text.append("\n ");
                    for (int c = 1; c <= columns; c++) {
                        text.append(' ').append(rs.getObject(c));
                    }
                }
            }
            return text.toString();
        } catch (SQLException e) {
            return "(sessions unknown: " + e + ")";
        }
    }

    static int lockWaits(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            boolean postgres = connection.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
            String sql = postgres
                    ? "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() "
                    + "AND wait_event_type = 'Lock'"
                    : "SELECT COUNT(*) FROM INFORMATION_SCHEMA.SESSIONS WHERE BLOCKER_ID IS NOT NULL";
            try (ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
