package org.credentialcourier.contact;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.credentialcourier.system.sql.LikePattern;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ContactRepository {

    private static final RowMapper<Contact> ROWS = ContactRepository::map;

    private final JdbcClient jdbc;

    private final NamedParameterJdbcTemplate named;

    public ContactRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
        this.jdbc = jdbc;
        this.named = named;
    }

    public void insert(Contact contact) {
        jdbc.sql("""
                INSERT INTO contact (id, email, email_key, first_name, last_name, locale, account_status, created_at, updated_at)
                VALUES (:id, :email, :emailKey, :firstName, :lastName, :locale, :status, :createdAt, :updatedAt)""")
                .param("id", contact.id())
                .param("email", contact.email())
                .param("emailKey", ContactRules.emailKey(contact.email()))
                .param("firstName", contact.firstName())
                .param("lastName", contact.lastName())
                .param("locale", contact.locale())
                .param("status", contact.accountStatus().name())
                .param("createdAt", Timestamp.from(contact.createdAt()))
                .param("updatedAt", Timestamp.from(contact.updatedAt()))
                .update();
    }

    /** Many new contacts at once (a CSV import), in JDBC batches of a thousand. */
    public void insertAll(List<Contact> contacts) {
        for (int from = 0; from < contacts.size(); from += 1000) {
            var batch = contacts.subList(from, Math.min(contacts.size(), from + 1000));
            named.batchUpdate("""
                    INSERT INTO contact (id, email, email_key, first_name, last_name, locale, account_status, created_at, updated_at)
                    VALUES (:id, :email, :emailKey, :firstName, :lastName, :locale, :status, :createdAt, :updatedAt)""",
                    batch.stream().map(contact -> new MapSqlParameterSource()
                            .addValue("id", contact.id()).addValue("email", contact.email())
                            .addValue("emailKey", ContactRules.emailKey(contact.email()))
                            .addValue("firstName", contact.firstName()).addValue("lastName", contact.lastName())
                            .addValue("locale", contact.locale()).addValue("status", contact.accountStatus().name())
                            .addValue("createdAt", Timestamp.from(contact.createdAt()))
                            .addValue("updatedAt", Timestamp.from(contact.updatedAt())))
                            .toArray(SqlParameterSource[]::new));
        }
    }

    public Optional<Contact> findById(String id) {
        return jdbc.sql("SELECT * FROM contact WHERE id = :id").param("id", id).query(ROWS).optional();
    }

    public Optional<Contact> findByEmail(String email) {
        return jdbc.sql("SELECT * FROM contact WHERE email_key = :key")
                .param("key", ContactRules.emailKey(email)).query(ROWS).optional();
    }

    /** A page of contacts whose name or email contains {@code q} (case-insensitive), ordered by name. */
    public List<Contact> search(String q, int offset, int limit) {
        String pattern = LikePattern.containing(q);
        var statement = jdbc.sql("SELECT * FROM contact" + where(pattern) + " ORDER BY last_name, first_name, id"
                        + " OFFSET :offset ROWS FETCH NEXT :limit ROWS ONLY")
                .param("offset", offset).param("limit", limit);
        if (pattern != null) {
            statement = statement.param("q", pattern);
        }
        return statement.query(ROWS).list();
    }

    public long count(String q) {
        String pattern = LikePattern.containing(q);
        var statement = jdbc.sql("SELECT COUNT(*) FROM contact" + where(pattern));
        if (pattern != null) {
            statement = statement.param("q", pattern);
        }
        return statement.query(Long.class).single();
    }

    private static String where(String pattern) {
        return pattern == null ? "" : " WHERE " + SEARCH;
    }

    public void updateEmail(String id, String email, Instant now) {
        jdbc.sql("UPDATE contact SET email = :email, email_key = :key, updated_at = :now WHERE id = :id")
                .param("email", email).param("key", ContactRules.emailKey(email))
                .param("now", Timestamp.from(now)).param("id", id).update();
    }

    public void updateAccountStatus(String id, AccountStatus status, Instant now) {
        jdbc.sql("UPDATE contact SET account_status = :status, updated_at = :now WHERE id = :id")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    private static final String SEARCH = """
            (LOWER(first_name) LIKE :q ESCAPE '\\' OR LOWER(last_name) LIKE :q ESCAPE '\\'
             OR email_key LIKE :q ESCAPE '\\' OR LOWER(first_name || ' ' || last_name) LIKE :q ESCAPE '\\')""";

    private static Contact map(ResultSet rs, int row) throws SQLException {
        return new Contact(
                rs.getString("id"),
                rs.getString("email"),
                rs.getString("first_name"),
                rs.getString("last_name"),
                rs.getString("locale"),
                AccountStatus.valueOf(rs.getString("account_status")),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
