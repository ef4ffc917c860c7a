package org.credentialcourier.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The faster way to a million pending invitations on PostgreSQL (issue 18, item 2): the invitations a run made through
 * the real path (the template) are copied, row for row, in every table they wrote to, the engine's included, with
 * fresh ids. Through the real path a million take about three hours on this machine; a copy is plain SQL.
 *
 * <p>What a copy changes, and nothing else:
 * <ul>
 * <li>every UUID that belongs to the template's rows (ids of executions, jobs, variables, history rows, contacts,
 * invitations, bulk runs, wherever they are referenced, also inside a longer text) gets copy {@code k}'s own last
 * twelve hex digits. The first twenty-four keep the original's time or randomness, so ids stay distinct, and every
 * reference to an id is changed the same way as the id itself;</li>
 * <li>UUIDs of shared rows (deployments, process and job definitions, users: the tables never copied) are kept. A
 * column that holds both kinds stops the copy, as does any other case the copy would get wrong;</li>
 * <li>email addresses get {@code +c<k>} before the {@code @} (contacts are unique by address);</li>
 * <li>a column unique on its own that neither of those changes (the SHA-256 of an activation token) gets the
 * SHA-256 of its value and {@code k}: same shape, unique, and no token of a copy can be redeemed;</li>
 * <li>identity columns (the application's BIGINT ids) are left to the database.</li>
 * </ul>
 * Timestamps are the template's: a copied invitation was created, and falls due, when its original did.
 */
final class PendingCopies {

    /** Tables of shared rows: definitions, identities, settings, metrics. Never copied. */
    private static final List<String> SHARED_PREFIXES = List.of("act_re_", "act_id_", "act_ge_");
    private static final Set<String> SHARED_TABLES = Set.of("act_ru_jobdef", "act_ru_authorization", "act_ru_filter",
            "act_ru_meter_log", "act_ru_task_meter_log", "courier_schema_history", "provider_signing_key",
            "provider_key_rotation", "provider_event", "portal", "oauth2_registered_client", "oauth2_authorization",
            "oauth2_authorization_consent", "admin_preference", "mail_sending_slot", "webhook_token",
            "suppressed_address");

    private static final String UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    private static final String UUID_HEAD = "([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-)[0-9a-f]{12}";
    private static final String EMAIL_LOCAL = "([A-Za-z0-9._%+-]+)@([A-Za-z0-9-]+\\.)";

    private record Column(String name, boolean identity, boolean text) {
    }

    private record Table(String name, List<Column> columns) {
    }

    private PendingCopies() {
    }

    /**
     * Adds {@code copies} copies of every row of the instance tables, {@code batch} copies per statement, and
     * returns what it did; the template is whatever those tables hold when it starts.
     */
    static Map<String, Object> copy(Connection c, int copies, int batch) throws SQLException {
        Map<String, Object> r = new LinkedHashMap<>();
        c.setAutoCommit(true);
        List<String> withRows = new ArrayList<>();
        List<String> shared = new ArrayList<>();
        for (String table : tables(c)) {
            boolean isShared = SHARED_TABLES.contains(table) || SHARED_PREFIXES.stream().anyMatch(table::startsWith);
            if (isShared) {
                shared.add(table);
            } else if (count(c, "select count(*) from " + table + " limit 1") > 0) {
                withRows.add(table);
            }
        }
        if (count(c, "select count(*) from act_ge_bytearray where deployment_id_ is null") > 0) {
            throw new IllegalStateException("the template has byte arrays of process instances (serialized variables"
                    + " or failed jobs' stack traces): the copy does not handle them");
        }
        try (Statement s = c.createStatement()) {
            s.execute("create temporary table shared_uuid (u varchar(36) primary key)");
            for (String table : shared) {
                for (Column column : columns(c, table)) {
                    if (column.text()) {
                        s.execute("insert into shared_uuid select distinct m[1] from " + table + ", regexp_matches("
                                + column.name() + ", '(" + UUID + ")', 'g') m on conflict do nothing");
                    }
                }
            }
        }
        List<Table> order = dependencyOrder(c, withRows);
        Map<String, List<String>> expressions = new LinkedHashMap<>();
        Map<String, Long> templateRows = new LinkedHashMap<>();
        for (Table table : order) {
            expressions.put(table.name(), expressions(c, table));
            templateRows.put(table.name(), count(c, "select count(*) from " + table.name()));
        }
        // the template, frozen: the copies read it, not the table they add to
        try (Statement s = c.createStatement()) {
            for (Table table : order) {
                s.execute("create temporary table tpl_" + table.name() + " as select * from " + table.name());
            }
        }
        long t0 = System.nanoTime();
        c.setAutoCommit(false);
        for (int from = 1; from <= copies; from += batch) {
            int to = Math.min(copies, from + batch - 1);
            long b0 = System.nanoTime();
            for (Table table : order) {
                StringJoiner names = new StringJoiner(", ");
                table.columns().stream().filter(col -> !col.identity()).forEach(col -> names.add(col.name()));
                String sql = "insert into " + table.name() + " (" + names + ") select "
                        + String.join(", ", expressions.get(table.name())) + " from tpl_" + table.name()
                        + " cross join generate_series(?, ?) as copy(k)";
                try (PreparedStatement p = c.prepareStatement(sql)) {
                    p.setInt(1, from);
                    p.setInt(2, to);
                    p.executeUpdate();
                }
            }
            c.commit();
            Benchmark.log("copies: %d to %d of %d in %.1f s", from, to, copies, (System.nanoTime() - b0) / 1e9);
        }
        c.setAutoCommit(true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        try (Statement s = c.createStatement()) {
            for (Table table : order) {
                s.execute("analyze " + table.name());
            }
        }
        long rows = 0;
        for (Map.Entry<String, Long> e : templateRows.entrySet()) {
            long now = count(c, "select count(*) from " + e.getKey());
            if (now != e.getValue() * (copies + 1)) {
                throw new IllegalStateException(e.getKey() + " holds " + now + " rows, not " + e.getValue()
                        + " x " + (copies + 1));
            }
            rows += e.getValue();
        }
        r.put("copies", copies);
        r.put("seconds", seconds);
        r.put("templateRows", rows);
        r.put("rowsAdded", rows * copies);
        r.put("tables", String.join(" ", templateRows.keySet()));
        r.put("sharedTables", String.join(" ", shared));
        return r;
    }

    /** The select list of one table's copy: per column, what {@link PendingCopies} says it changes. */
    private static List<String> expressions(Connection c, Table table) throws SQLException {
        Set<String> uniqueAlone = uniqueAlone(c, table.name());
        List<String> list = new ArrayList<>();
        String suffix = "('cc' || lpad(to_hex(k), 10, '0'))";
        for (Column column : table.columns()) {
            if (column.identity()) {
                continue;
            }
            String name = column.name();
            if (!column.text()) {
                list.add(name);
                continue;
            }
            String from = " from " + table.name() + ", regexp_matches(" + name + ", '(" + UUID + ")', 'g') m";
            boolean sharedRef = count(c, "select count(*)" + from + " where m[1] in (select u from shared_uuid)") > 0;
            boolean ownRef = count(c, "select count(*)" + from + " where m[1] not in (select u from shared_uuid)") > 0;
            if (sharedRef && ownRef) {
                throw new IllegalStateException(table.name() + "." + name + " holds ids of shared rows and of the"
                        + " template's: the copy cannot tell which to change");
            }
            String expression = name;
            boolean changed = false;
            if (ownRef) {
                boolean endsWithOne = count(c, "select count(*) from " + table.name() + " where " + name
                        + " is not null and (" + name + " !~ '" + UUID + "$' or " + name + " ~ '" + UUID + ".*"
                        + UUID + "')") == 0;
                expression = endsWithOne ? "(left(" + name + ", length(" + name + ") - 12) || " + suffix + ")"
                        : "regexp_replace(" + name + ", '" + UUID_HEAD + "', '\\1' || " + suffix + ", 'g')";
                changed = true;
            }
            if (count(c, "select count(*) from " + table.name() + " where " + name + " ~ '" + EMAIL_LOCAL + "'") > 0) {
                expression = "regexp_replace(" + expression + ", '" + EMAIL_LOCAL + "', '\\1+c' || k || '@\\2', 'g')";
                changed = true;
            }
            if (!changed && uniqueAlone.contains(name)) {
                expression = "left(encode(sha256(convert_to(" + name + " || ':' || k, 'UTF8')), 'hex'), length("
                        + name + "))";
            }
            list.add(expression);
        }
        return list;
    }

    private static List<String> tables(Connection c) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select table_name from"
                + " information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE'"
                + " order by table_name")) {
            while (rs.next()) {
                tables.add(rs.getString(1));
            }
        }
        return tables;
    }

    private static List<Column> columns(Connection c, String table) throws SQLException {
        List<Column> columns = new ArrayList<>();
        try (PreparedStatement p = c.prepareStatement("select column_name, data_type, is_identity, column_default"
                + " from information_schema.columns where table_schema = current_schema() and table_name = ?"
                + " order by ordinal_position")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(2);
                    String fallback = rs.getString(4);
                    boolean identity = "YES".equals(rs.getString(3))
                            || (fallback != null && fallback.startsWith("nextval("));
                    columns.add(new Column(rs.getString(1), identity,
                            type.equals("character varying") || type.equals("character") || type.equals("text")));
                }
            }
        }
        return columns;
    }

    /** Columns that a unique constraint or unique index holds on their own. */
    private static Set<String> uniqueAlone(Connection c, String table) throws SQLException {
        Set<String> unique = new HashSet<>();
        try (PreparedStatement p = c.prepareStatement("select a.attname from pg_index i join pg_class t on t.oid ="
                + " i.indrelid join pg_attribute a on a.attrelid = t.oid and a.attnum = i.indkey[0]"
                + " join pg_namespace n on n.oid = t.relnamespace where n.nspname = current_schema()"
                + " and t.relname = ? and i.indisunique and i.indnatts = 1")) {
            p.setString(1, table);
            try (ResultSet rs = p.executeQuery()) {
                while (rs.next()) {
                    unique.add(rs.getString(1));
                }
            }
        }
        return unique;
    }

    /**
     * The tables, each after those its foreign keys refer to (a reference to itself is checked at the end of the
     * statement that inserts both rows); a reference to an identity column of a copied table stops the copy, as the
     * copy leaves those numbers to the database.
     */
    private static List<Table> dependencyOrder(Connection c, List<String> names) throws SQLException {
        Map<String, Set<String>> needs = new HashMap<>();
        names.forEach(name -> needs.put(name, new LinkedHashSet<>()));
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("select t.relname, f.relname,"
                + " (select string_agg(a.attname, ',') from pg_attribute a where a.attrelid = f.oid"
                + " and a.attnum = any(k.confkey)) from pg_constraint k join pg_class t on t.oid = k.conrelid"
                + " join pg_class f on f.oid = k.confrelid join pg_namespace n on n.oid = t.relnamespace"
                + " where k.contype = 'f' and n.nspname = current_schema()")) {
            while (rs.next()) {
                String table = rs.getString(1);
                String referenced = rs.getString(2);
                if (needs.containsKey(table) && needs.containsKey(referenced) && !table.equals(referenced)) {
                    needs.get(table).add(referenced);
                    for (Column column : columns(c, referenced)) {
                        if (column.identity() && rs.getString(3).equals(column.name())) {
                            throw new IllegalStateException(table + " refers to " + referenced + "." + column.name()
                                    + ", a number the database gives: the copy does not handle it");
                        }
                    }
                }
            }
        }
        List<Table> order = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (placed.size() < names.size()) {
            boolean progress = false;
            for (String name : names) {
                if (!placed.contains(name) && placed.containsAll(needs.get(name))) {
                    order.add(new Table(name, columns(c, name)));
                    placed.add(name);
                    progress = true;
                }
            }
            if (!progress) {
                throw new IllegalStateException("foreign keys in a cycle among " + names);
            }
        }
        return order;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
