package org.credentialcourier.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fresh PostgreSQL database of one fault test, next to the suite's ({@code COURIER_DB_URL}): created empty (dropped
 * first if a failed run left it behind), so that the test's nodes see only the test's data. Dropped when the test
 * passed; kept for a look after a failure (CI's {@code .ci/postgres.sh} clears leftovers).
 */
final class FaultDatabase implements AutoCloseable {

    static final String PREFIX = "courier_fault_";

    private final String name;
    private final String url;
    private final String user = System.getenv().getOrDefault("COURIER_DB_USER", "courier");
    private final String password = System.getenv().getOrDefault("COURIER_DB_PASSWORD", "");
    private final String adminUrl;
    private boolean passed;

    private FaultDatabase(String name) {
        this.name = PREFIX + name;
        this.adminUrl = System.getenv().getOrDefault("COURIER_DB_URL",
                "jdbc:postgresql://localhost:5432/courier_test");
        int slash = adminUrl.lastIndexOf('/');
        int query = adminUrl.indexOf('?', slash);
        this.url = adminUrl.substring(0, slash + 1) + this.name + (query < 0 ? "" : adminUrl.substring(query));
    }

    /** A new, empty database named {@code courier_fault_<name>}. */
    static FaultDatabase create(String name) throws SQLException {
        FaultDatabase database = new FaultDatabase(name);
        database.drop();
        try (Connection admin = DriverManager.getConnection(database.adminUrl, database.user, database.password);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + database.name);
        }
        return database;
    }

    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Connection connect() throws SQLException {
        return DriverManager.getConnection(url, user, password);
    }

    /** The first column of the first row as a long (a count). */
    long count(String sql, Object... args) {
        List<Map<String, Object>> rows = rows(sql, args);
        Object value = rows.isEmpty() ? null : rows.get(0).values().iterator().next();
        return value == null ? 0 : ((Number) value).longValue();
    }

    /** The first column of every row as text. */
    List<String> strings(String sql, Object... args) {
        return rows(sql, args).stream().map(row -> {
            Object value = row.values().iterator().next();
            return value == null ? null : value.toString();
        }).toList();
    }

    /** Every row, columns by lower-case label. */
    List<Map<String, Object>> rows(String sql, Object... args) {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                statement.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                List<Map<String, Object>> rows = new ArrayList<>();
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    Map<String, Object> row = new LinkedHashMap<>();
                    for (int c = 1; c <= columns; c++) {
                        row.put(rs.getMetaData().getColumnLabel(c).toLowerCase(java.util.Locale.ROOT),
                                rs.getObject(c));
                    }
                    rows.add(row);
                }
                return rows;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Query failed on " + name + ": " + sql, e);
        }
    }

    /** The test passed: the database goes when it is closed. */
    void passed() {
        this.passed = true;
    }

    @Override
    public void close() throws SQLException {
        if (!passed) {
            System.out.println("Fault test failed: keeping database " + name + " for a look");
            return;
        }
        try {
            drop();
        } catch (SQLException e) {
            // the test's verdict does not depend on the clean-up; .ci/postgres.sh removes what is left
            System.out.println("Could not drop " + name + ": " + e.getMessage());
        }
    }

    /**
     * Drops the database. A plain DROP waits for autovacuum to leave (which FORCE may not terminate without
     * pg_signal_backend) but refuses while the nodes' connections linger for a moment after they ended: tried a few
     * times, then with FORCE for those.
     */
    private void drop() throws SQLException {
        SQLException last = null;
        for (int attempt = 1; attempt <= 10; attempt++) {
            try (Connection admin = DriverManager.getConnection(adminUrl, user, password);
                 Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + name + (attempt % 2 == 0 ? " WITH (FORCE)" : ""));
                return;
            } catch (SQLException e) {
                last = e;
                Faults.sleep(java.time.Duration.ofSeconds(1));
            }
        }
        throw last;
    }
}
