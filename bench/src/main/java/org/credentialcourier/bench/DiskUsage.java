package org.credentialcourier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Bytes on disk per pending invitation (issue 18): the H2 file, its live data, and the tables that hold it; on
 * PostgreSQL {@code pg_total_relation_size} per table.
 *
 * <p>On H2 the application holds the file open, so the benchmark starts it with {@code AUTO_SERVER=TRUE} and
 * connects to it through the server H2 then runs inside the application. "Live" is measured twice: H2's
 * {@code DISK_SPACE_USED} per table (the rows' pages only, without the secondary indexes), summed; and the size of a
 * consistent copy ({@code BACKUP TO}) after {@code SHUTDOWN COMPACT}, which is the whole live database, indexes
 * included, compressed (as the application's URL has H2 write its pages). The copy is opened by the driver's own H2
 * (the same version as the application's: both poms name it).
 */
final class DiskUsage {

    private DiskUsage() {
    }

    /** The size of the database file {@code <dir>/courier.mv.db}, 0 while it does not exist. */
    static long h2FileSize(Path dataDir) {
        try {
            return Files.size(dataDir.resolve("courier.mv.db"));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Measures the running application's H2 database: its file, the MVStore's own fill rates, the rows per table,
     * and the size of a compacted copy made in {@code work}.
     */
    static Map<String, Object> h2(String url, Path dataDir, Path work) throws SQLException, IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("fileBytes", h2FileSize(dataDir));
        Path copyDir = work.resolve("h2-copy");
        Path zip = work.resolve("h2-backup.zip");
        try (Connection c = DriverManager.getConnection(url, "sa", ""); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("select SETTING_NAME, SETTING_VALUE from INFORMATION_SCHEMA.SETTINGS"
                    + " where SETTING_NAME in ('info.FILL_RATE', 'info.CHUNKS_FILL_RATE', 'info.CHUNK_COUNT',"
                    + " 'RETENTION_TIME', 'WRITE_DELAY', 'AUTO_COMPACT_FILL_RATE', 'MAX_COMPACT_TIME')")) {
                while (rs.next()) {
                    r.put("h2." + rs.getString(1).replace("info.", ""), rs.getString(2));
                }
            }
            // DISK_SPACE_USED walks a table's pages from its root only when the root is on disk: a table changed since
            // the store last wrote would count 0 (ACT_RU_EXECUTION 32 bytes at 1,500 pending); write everything first
            s.execute("CHECKPOINT");
            Map<String, Long> tables = new LinkedHashMap<>();
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery("select TABLE_SCHEMA, TABLE_NAME from INFORMATION_SCHEMA.TABLES"
                    + " where TABLE_TYPE = 'BASE TABLE' and TABLE_SCHEMA <> 'INFORMATION_SCHEMA'")) {
                while (rs.next()) {
                    names.add('"' + rs.getString(1) + "\".\"" + rs.getString(2) + '"');
                }
            }
            long sum = 0;
            try (PreparedStatement used = c.prepareStatement("select DISK_SPACE_USED(?)")) {
                for (String name : names) {
                    used.setString(1, name);
                    try (ResultSet rs = used.executeQuery()) {
                        rs.next();
                        long bytes = rs.getLong(1);
                        sum += bytes;
                        tables.put(name.substring(name.lastIndexOf(".\"") + 2, name.length() - 1), bytes);
                    }
                }
            }
            r.put("liveRowsBytes", sum);
            r.put("tables", sorted(tables));
            s.execute("BACKUP TO '" + zip.toString().replace("'", "''") + "'");
        }
        Files.createDirectories(copyDir);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.getName().endsWith(".mv.db")) {
                    copy(in, copyDir.resolve("courier.mv.db"));
                }
            }
        }
        r.put("copyBytes", h2FileSize(copyDir));
        try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + copyDir.resolve("courier"), "sa", "");
             Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        }
        r.put("compactBytes", h2FileSize(copyDir));
        Files.deleteIfExists(zip);
        try (var files = Files.list(copyDir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        return r;
    }

    /** {@code pg_total_relation_size} (rows, indexes, TOAST) of each table of the current schema. */
    static Map<String, Object> postgres(Connection c) throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        Map<String, Long> tables = new LinkedHashMap<>();
        long sum = 0;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                "select c.relname, pg_total_relation_size(c.oid) from pg_class c join pg_namespace n"
                        + " on n.oid = c.relnamespace where c.relkind in ('r', 'p') and n.nspname = current_schema()")) {
            while (rs.next()) {
                tables.put(rs.getString(1).toUpperCase(), rs.getLong(2));
                sum += rs.getLong(2);
            }
        }
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select pg_database_size(current_database())")) {
            r.put("fileBytes", rs.next() ? rs.getLong(1) : 0);
        }
        r.put("tablesBytes", sum);
        r.put("tables", sorted(tables));
        return r;
    }

    private static Map<String, Long> sorted(Map<String, Long> tables) {
        Map<String, Long> out = new LinkedHashMap<>();
        tables.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static void copy(InputStream in, Path to) throws IOException {
        Files.copy(in, to, StandardCopyOption.REPLACE_EXISTING);
    }
}
