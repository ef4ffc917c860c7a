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

    /**
     * The account's new status as its invitation decides it (invited, active, none again). A disabled account stays
     * disabled: the new status is what enabling it will restore.
     */
    public void updateAccountStatus(String id, AccountStatus status, Instant now) {
        jdbc.sql("""
                        UPDATE contact SET
                            status_before_disable = CASE WHEN account_status = 'DISABLED' THEN :status END,
                            account_status = CASE WHEN account_status = 'DISABLED' THEN 'DISABLED' ELSE :status END,
                            updated_at = :now
                        WHERE id = :id""")
                .param("status", status.name()).param("now", Timestamp.from(now)).param("id", id).update();
    }

    /** {@link #updateAccountStatus}, only from {@code from}: the account's own status, or the one kept while disabled. */
    public void updateAccountStatusFrom(String id, AccountStatus from, AccountStatus to, Instant now) {
        jdbc.sql("""
                        UPDATE contact SET
                            status_before_disable = CASE WHEN account_status = 'DISABLED'
                                AND status_before_disable = :from THEN :to ELSE status_before_disable END,
                            account_status = CASE WHEN account_status = :from THEN :to ELSE account_status END,
                            updated_at = :now
                        WHERE id = :id AND (account_status = :from OR status_before_disable = :from)""")
                .param("from", from.name()).param("to", to.name()).param("now", Timestamp.from(now))
                .param("id", id).update();
    }

    /** An admin's edit of the person's details; the address's key follows the address. */
    public void updateDetails(String id, String email, String firstName, String lastName, String locale, Instant now) {
        jdbc.sql("""
                        UPDATE contact SET email = :email, email_key = :key, first_name = :firstName,
                            last_name = :lastName, locale = :locale, updated_at = :now WHERE id = :id""")
                .param("email", email).param("key", ContactRules.emailKey(email)).param("firstName", firstName)
                .param("lastName", lastName).param("locale", locale).param("now", Timestamp.from(now))
                .param("id", id).update();
    }

    /** Disables the account, remembering its status; false when it was disabled already. */
    public boolean disable(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE contact SET status_before_disable = account_status, account_status = 'DISABLED',
                            updated_at = :now WHERE id = :id AND account_status <> 'DISABLED'""")
                .param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    /** Gives a disabled account back the status it had; false when it was not disabled. */
    public boolean enable(String id, Instant now) {
        return jdbc.sql("""
                        UPDATE contact SET account_status = COALESCE(status_before_disable, 'NONE'),
                            status_before_disable = NULL, updated_at = :now
                        WHERE id = :id AND account_status = 'DISABLED'""")
                .param("now", Timestamp.from(now)).param("id", id).update() == 1;
    }

    /** Locks the contact's row until the transaction ends: edits, disabling and deleting run one after the other. */
    public Optional<Contact> lock(String id) {
        return jdbc.sql("SELECT * FROM contact WHERE id = :id FOR UPDATE").param("id", id).query(ROWS).optional();
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
