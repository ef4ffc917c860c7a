package org.credentialcourier.system.sql;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real file-based H2 in a temporary directory for each test, opened with the application's own URL (its retention
 * time and compression among its settings), and held open by one connection as the application's pool holds it.
 */
abstract class OpenH2File {

    @TempDir
    Path dir;

    JdbcDataSource dataSource;
    /** Keeps the database open between the connections the code under test takes and gives back. */
    Connection holder;

    @BeforeEach
    void openDatabase() throws IOException, SQLException {
        dataSource = new JdbcDataSource();
        dataSource.setURL(ApplicationYaml.h2Url(dir));
        dataSource.setUser("sa");
        holder = dataSource.getConnection();
    }

    @AfterEach
    void closeDatabase() throws SQLException {
        if (!holder.isClosed()) {
            holder.close();
        }
    }

    /** The database's file. */
    Path file() {
        return dir.resolve("courier.mv.db");
    }
}
