package org.credentialcourier.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import javax.sql.DataSource;

/** Reads every cell of every table of the database (the application's and Camunda's ACT_* alike). */
public final class Tables {

    private Tables() {
    }

    /** The places ({@code TABLE.COLUMN}) where any cell, read as text or as bytes, contains {@code needle}. */
    public static List<String> cellsContaining(DataSource dataSource, String needle) throws SQLException, IOException {
        List<String> hits = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : tableNames(connection)) {
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    ResultSetMetaData meta = rows.getMetaData();
                    while (rows.next()) {
                        for (int column = 1; column <= meta.getColumnCount(); column++) {
                            String text = asText(rows.getObject(column));
                            if (text != null && text.contains(needle)) {
                                hits.add(table + "." + meta.getColumnName(column));
                            }
                        }
                    }
                }
            }
        }
        return hits;
    }

    /**
     * Tables the engine writes on a schedule of its own, whatever a request did: its metrics (flushed every few
     * minutes), which made a "nothing written" comparison fail when the flush fell between the two counts.
     */
    private static final java.util.Set<String> WRITTEN_ON_THEIR_OWN = java.util.Set.of("ACT_RU_METER_LOG",
            "ACT_RU_TASK_METER_LOG");

    /** How many rows each table has (but those above): to show that a refused request wrote nothing. */
    public static Map<String, Long> rowCounts(DataSource dataSource) throws SQLException {
        Map<String, Long> counts = new TreeMap<>();
        try (Connection connection = dataSource.getConnection()) {
            for (String table : tableNames(connection)) {
                if (WRITTEN_ON_THEIR_OWN.contains(table.toUpperCase(java.util.Locale.ROOT))) {
                    continue;
                }
                try (Statement statement = connection.createStatement();
                     ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM \"" + table + "\"")) {
                    rows.next();
                    counts.put(table, rows.getLong(1));
                }
            }
        }
        return counts;
    }

    private static List<String> tableNames(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet tables = connection.getMetaData().getTables(null, connection.getSchema(), "%", new String[] {"TABLE"})) {
            while (tables.next()) {
                names.add(tables.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static String asText(Object value) throws SQLException, IOException {
        if (value == null) {
            return null;
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
        if (value instanceof Blob blob) {
            try (InputStream in = blob.getBinaryStream()) {
                return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            }
        }
        if (value instanceof Clob clob) {
            try (Reader reader = clob.getCharacterStream()) {
                StringBuilder text = new StringBuilder();
                char[] buffer = new char[8192];
                for (int n; (n = reader.read(buffer)) > 0; ) {
                    text.append(buffer, 0, n);
                }
                return text.toString();
            }
        }
        return value.toString();
    }
}
