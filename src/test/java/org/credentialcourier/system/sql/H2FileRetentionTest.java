package org.credentialcourier.system.sql;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Random;

import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.io.ClassPathResource;

/**
 * The embedded H2 URL of application.yaml on a real file in a temporary directory (issue 18). H2 keeps a chunk of its
 * file whose pages were all replaced for {@code RETENTION_TIME} (45 s by default) before it reuses the space; while
 * the engine writes many small transactions, that window alone held many times the live data. The application's URL
 * sets it to one second (not 0, which has left files H2 could not open); a database written the way the engine writes
 * then stays within ten times its live data (measured by {@code SHUTDOWN COMPACT} afterwards), against 14.8 times
 * without it (and more on a faster machine, which writes more in 45 s). Its pages are written compressed, as
 * {@code SHUTDOWN COMPACT} writes them: 3 to 4 times the live data in the churn below, 8 times uncompressed.
 */
class H2FileRetentionTest {

    @TempDir
    Path dir;

    @Test
    void theApplicationsUrlReusesFreedChunksAfterASecond() throws Exception {
        try (Connection c = DriverManager.getConnection(applicationUrl(), "sa", "");
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select SETTING_VALUE from INFORMATION_SCHEMA.SETTINGS"
                     + " where SETTING_NAME = 'RETENTION_TIME'")) {
            rs.next();
            assertThat(rs.getString(1)).as("RETENTION_TIME of %s", applicationUrl()).isEqualTo("1000");
        }
    }

    @Test
    void theApplicationsUrlWritesCompressedPagesAsShutdownCompactDoes() throws Exception {
        try (Connection c = DriverManager.getConnection(applicationUrl(), "sa", "")) {
            SessionLocal session = (SessionLocal) c.unwrap(JdbcConnection.class).getSession();

            assertThat(session.getDatabase().getSettings().compressData).as("COMPRESS of %s", applicationUrl())
                    .isTrue();
        }
    }

    @Test
    void aFileWrittenLikeTheEngineStaysNearItsLiveData() throws Exception {
        long peak;
        try (Connection c = DriverManager.getConnection(applicationUrl(), "sa", "")) {
            peak = churn(c);
            try (Statement s = c.createStatement()) {
                s.execute("SHUTDOWN COMPACT");
            }
        }
        long live = Files.size(file());

        assertThat(peak).as("the file's largest size while written, against its live data of %d bytes", live)
                .isLessThanOrEqualTo(10 * live);
    }

    /** The application's own H2 URL (application.yaml), with its file in this test's directory. */
    private String applicationUrl() throws IOException {
        String url = (String) new YamlPropertySourceLoader().load("application", new ClassPathResource("application.yaml"))
                .get(0).getProperty("spring.datasource.url");
        assertThat(url).startsWith("jdbc:h2:file:./data/courier;");
        return url.replace("./data/courier", dir.resolve("courier").toString());
    }

    /**
     * Rows added, changed and removed one small transaction at a time over a table and two indexes, as the engine
     * does with its jobs; the file's largest size meanwhile.
     */
    private long churn(Connection c) throws SQLException, IOException {
        Random random = new Random(18);
        try (Statement s = c.createStatement()) {
            s.execute("create table T(ID int primary key, STATE int, A varchar(200), B varchar(64))");
            s.execute("create index T_STATE on T(STATE)");
            s.execute("create index T_B on T(B)");
        }
        c.setAutoCommit(false);
        long peak = 0;
        try (PreparedStatement insert = c.prepareStatement("insert into T values (?, ?, ?, ?)");
             PreparedStatement update = c.prepareStatement("update T set STATE = ?, B = ? where ID = ?");
             PreparedStatement delete = c.prepareStatement("delete from T where ID = ?")) {
            int next = 0;
            for (int tx = 0; tx < 8_000; tx++) {
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
                    update.setInt(3, random.nextInt(next));
                    update.executeUpdate();
                }
                delete.setInt(1, random.nextInt(next));
                delete.executeUpdate();
                c.commit();
                if (tx % 100 == 0) {
                    peak = Math.max(peak, Files.size(file()));
                }
            }
        }
        c.setAutoCommit(true);
        return Math.max(peak, Files.size(file()));
    }

    private Path file() {
        return dir.resolve("courier.mv.db");
    }
}
