package org.credentialcourier.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.StringJoiner;

/**
 * The job executor's acquisition query alone, on H2 (docs/BENCHMARKS.md, S3 and S4): a table of the shape of
 * {@code ACT_RU_JOB} with the engine's index on the process instance, 200,000 timers (the two timers of each of
 * 100,000 pending invitations), {@code --due} of them due and five fresh jobs of priority 10; then the query of
 * Camunda 7.24's {@code selectNextJobsToExecute} (6 rows) with and without {@code DUEDATE_ is null or}, with and
 * without {@code order by PRIORITY_ desc}, and with and without the index on {@code DUEDATE_}. Prints H2's plan and
 * the mean time per query over 50 runs after 20 of warm-up.
 *
 * <pre>
 * mvn -q -f bench/pom.xml package
 * java -cp "bench/target/classes:$(cat bench/target/classpath.txt)" org.credentialcourier.bench.AcquisitionQuery --due=0
 * </pre>
 */
public final class AcquisitionQuery {

    private static final int TIMERS = 200_000;

    private AcquisitionQuery() {
    }

    public static void main(String[] args) throws SQLException {
        int due = 10_000;
        for (String arg : args) {
            if (arg.startsWith("--due=")) {
                due = Integer.parseInt(arg.substring("--due=".length()));
            }
        }
        for (boolean index : new boolean[] {false, true}) {
            try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:acquisition" + index)) {
                fill(connection, due, index);
                for (boolean nullableDueDate : new boolean[] {true, false}) {
                    for (boolean byPriority : new boolean[] {false, true}) {
                        measure(connection, index, nullableDueDate, byPriority);
                    }
                }
            }
        }
    }

    private static void fill(Connection connection, int due, boolean index) throws SQLException {
        try (Statement sql = connection.createStatement()) {
            sql.execute("create table ACT_RU_JOB (ID_ varchar(64) primary key, REV_ int, DUEDATE_ timestamp,"
                    + " LOCK_OWNER_ varchar(255), LOCK_EXP_TIME_ timestamp, RETRIES_ int, SUSPENSION_STATE_ int,"
                    + " PROCESS_INSTANCE_ID_ varchar(64), EXCLUSIVE_ boolean, PRIORITY_ bigint,"
                    + " HANDLER_TYPE_ varchar(255))");
            sql.execute("create index ACT_IDX_JOB_PROCINST on ACT_RU_JOB(PROCESS_INSTANCE_ID_)");
            if (index) {
                sql.execute("create index ACT_IDX_JOB_DUEDATE on ACT_RU_JOB(DUEDATE_)");
            }
        }
        long now = System.currentTimeMillis();
        try (PreparedStatement insert = connection.prepareStatement(
                "insert into ACT_RU_JOB values (?, 1, ?, null, null, 3, 1, ?, true, ?, ?)")) {
            for (int i = 0; i < TIMERS; i++) {
                insert.setString(1, "timer-" + i);
                insert.setTimestamp(2, new Timestamp(i < due ? now - 60_000 + i : now + 86_400_000L + i));
                insert.setString(3, "instance-" + i / 2);
                insert.setLong(4, 0);
                insert.setString(5, "timer-transition");
                insert.addBatch();
                if (i % 1000 == 999) {
                    insert.executeBatch();
                }
            }
            for (int i = 0; i < 5; i++) {
                insert.setString(1, "fresh-" + i);
                insert.setTimestamp(2, new Timestamp(now));
                insert.setString(3, "fresh-instance-" + i);
                insert.setLong(4, 10);
                insert.setString(5, "async-continuation");
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (Statement sql = connection.createStatement()) {
            sql.execute("analyze");
        }
    }

    /**
     * Camunda 7.24's {@code selectNextJobsToExecute} as the engine sends it with the given settings, the current time
     * in place of its parameters: {@code nullableDueDate} false and {@code byPriority} true are the application's
     * ({@code ensure-job-due-date-not-null}, acquisition by priority), {@code limit} its jobs per acquisition.
     */
    static String query(boolean nullableDueDate, boolean byPriority, int limit) {
        return "select RES.ID_, RES.REV_, RES.DUEDATE_, RES.PROCESS_INSTANCE_ID_, RES.EXCLUSIVE_"
                + " from ACT_RU_JOB RES where (RES.RETRIES_ > 0)"
                + " and (" + (nullableDueDate ? "RES.DUEDATE_ is null or " : "") + "RES.DUEDATE_ <= CURRENT_TIMESTAMP)"
                + " and (RES.LOCK_OWNER_ is null or RES.LOCK_EXP_TIME_ < CURRENT_TIMESTAMP)"
                + " and RES.SUSPENSION_STATE_ = 1"
                + " and ((RES.EXCLUSIVE_ = true and not exists (select J2.ID_ from ACT_RU_JOB J2"
                + " where J2.PROCESS_INSTANCE_ID_ = RES.PROCESS_INSTANCE_ID_ and J2.EXCLUSIVE_ = true"
                + " and J2.LOCK_OWNER_ is not null and J2.LOCK_EXP_TIME_ >= CURRENT_TIMESTAMP))"
                + " or RES.EXCLUSIVE_ = false)"
                + " and HANDLER_TYPE_ != 'history-cleanup'"
                + (byPriority ? " order by RES.PRIORITY_ desc" : "") + " limit " + limit;
    }

    /**
     * The plan and the time of the application's acquisition query on a live database ({@code explain analyze}; on
     * PostgreSQL with the buffers read), the plan's lines joined by " | ".
     */
    static String livePlan(Connection connection, boolean postgres, int limit) throws SQLException {
        StringJoiner plan = new StringJoiner(" | ");
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(
                (postgres ? "explain (analyze, buffers) " : "explain analyze ") + query(false, true, limit))) {
            while (rows.next()) {
                plan.add(rows.getString(1).strip().replaceAll("\\s+", " "));
            }
        }
        return plan.toString();
    }

    private static void measure(Connection connection, boolean index, boolean nullableDueDate, boolean byPriority)
            throws SQLException {
        String query = query(nullableDueDate, byPriority, 6);
        String plan;
        try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery("explain " + query)) {
            rows.next();
            // the first comment names how H2 reads the outer table (the others, the subquery's)
            plan = rows.getString(1).replaceAll("\\s+", " ").replaceFirst("^.*?/\\* ([^*]*) \\*/.*$", "$1");
        }
        String first = null;
        long elapsed = 0;
        for (int run = 0; run < 70; run++) {
            long start = System.nanoTime();
            try (Statement sql = connection.createStatement(); ResultSet rows = sql.executeQuery(query)) {
                if (rows.next()) {
                    first = rows.getString(1);
                }
                while (rows.next()) {
                    // read them all, as the engine does
                }
            }
            if (run >= 20) {
                elapsed += System.nanoTime() - start;
            }
        }
        System.out.printf("index on DUEDATE_ %-3s | %-32s | %-22s | %7.2f ms | first %s | plan: %s%n",
                index ? "yes" : "no", nullableDueDate ? "DUEDATE_ is null or <= now" : "DUEDATE_ <= now",
                byPriority ? "order by PRIORITY_ desc" : "no order", elapsed / 50 / 1e6, first, plan);
    }
}
