package org.credentialcourier.system.sql;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

/**
 * Writes to an H2 database the way the engine does with its jobs: rows added, changed and removed one small
 * transaction at a time over a table {@code T} and two indexes, continuing after the rows of an earlier churn.
 * The same seed each time, so that two runs write the same.
 */
final class EngineLikeChurn {

    private EngineLikeChurn() {
    }

    /**
     * Runs {@code transactions} transactions on {@code c}, with a {@code CHECKPOINT} (one chunk written to the file)
     * every {@code checkpointEvery} of them if that is above 0, as H2's background writer would; returns the largest
     * size of {@code file} seen meanwhile (looked at every hundred transactions and at the end).
     */
    static long churn(Connection c, int transactions, int checkpointEvery, Path file) throws SQLException {
        Random random = new Random(18);
        try (Statement s = c.createStatement()) {
            s.execute("create table if not exists T(ID int primary key, STATE int, A varchar(200), B varchar(64))");
            s.execute("create index if not exists T_STATE on T(STATE)");
            s.execute("create index if not exists T_B on T(B)");
        }
        c.setAutoCommit(false);
        long peak = 0;
        try (PreparedStatement insert = c.prepareStatement("insert into T values (?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("update T set STATE = ?, B = ? where ID = ?");
             PreparedStatement delete = c.prepareStatement("delete from T where ID = ?");
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select coalesce(max(ID), -1) + 1 from T")) {
            r.next();
            int first = r.getInt(1);
            int next = first;
            for (int tx = 0; tx < transactions; tx++) {
                for (int i = 0; i < 5; i++, next++) {
                    insert.setInt(1, next);
                    insert.setInt(2, 0);
                    insert.setString(3, "a row of some length, like an activity instance " + next);
                    insert.setString(4, Long.toHexString(random.nextLong()));
                    insert.executeUpdate();
                }
                for (int i = 0; i < 5; i++) {
                    update.setInt(1, random.nextInt(10));
                    update.setString(2, Long.toHexString(random.nextLong()));
                    update.setInt(3, first + random.nextInt(next - first));
                    update.executeUpdate();
                }
                delete.setInt(1, first + random.nextInt(next - first));
                delete.executeUpdate();
                c.commit();
                if (checkpointEvery > 0 && tx % checkpointEvery == checkpointEvery - 1) {
                    s.execute("CHECKPOINT");
                }
                if (tx % 100 == 0) {
                    peak = Math.max(peak, size(file));
                }
            }
        } finally {
            c.setAutoCommit(true);
        }
        return Math.max(peak, size(file));
    }

    /** Every row of table T, in order, as one text: what a compaction must leave exactly as it was. */
    static String rows(Connection c) throws SQLException {
        StringBuilder all = new StringBuilder();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select ID, STATE, A, B from T order by ID")) {
            while (r.next()) {
                all.append(r.getInt(1)).append('|').append(r.getInt(2)).append('|').append(r.getString(3)).append('|')
                        .append(r.getString(4)).append('\n');
            }
        }
        return all.toString();
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
