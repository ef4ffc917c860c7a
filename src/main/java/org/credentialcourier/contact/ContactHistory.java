package org.credentialcourier.contact;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What happened to a contact's credentials and account, who did it and when: never the secret itself. The history
 * outlives the contact: a deleted contact's lines keep what happened and who did it, without the person's data.
 */
@Repository
public class ContactHistory {

    public enum Type {
        PASSWORD_CHANGE_REQUESTED, PASSWORD_EMAILED, PASSWORD_REVEALED, PASSWORD_CHANGED, PASSWORD_CHANGE_ABANDONED,
        RESET_LINK_REQUESTED, RESET_LINK_EXPIRED,
        /** The reset email bounced for good after its server had accepted it; the detail: the report's reason. */
        RESET_LINK_BOUNCED, PASSWORD_RESET, PASSWORD_CHANGED_BY_CONTACT,
        /** An admin's new-password email bounced for good after its server had accepted it; the detail: the reason. */
        NEW_PASSWORD_BOUNCED,
        /** The address changed; the detail says from what to what, until the contact is deleted. */
        EMAIL_CHANGED,
        /** The name or the language changed; the detail names the fields, not their values. */
        DETAILS_CHANGED,
        ACCOUNT_DISABLED, ACCOUNT_ENABLED,
        /** An email to the address bounced for good or its recipient complained: it is not sent to again. */
        ADDRESS_SUPPRESSED,
        /** An admin lifted the address's suppression (or corrected the address to it). */
        SUPPRESSION_LIFTED,
        /** The contact and their personal data were erased; the line keeps who did it and when. */
        CONTACT_DELETED;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** A line of the contact's history. */
    public record Entry(Type type, String actor, String detail, Instant at) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public ContactHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void record(String contactId, Type type, String actor, String detail) {
        jdbc.sql("""
                INSERT INTO contact_event (contact_id, event_type, actor, detail, occurred_at)
                VALUES (:contactId, :type, :actor, :detail, :at)""")
                .param("contactId", contactId).param("type", type.name()).param("actor", actor)
                .param("detail", detail).param("at", Timestamp.from(clock.instant()))
                .update();
    }

    /** The details of the contact's lines go (they may name the person); what happened, by whom and when stays. */
    public void eraseDetails(String contactId) {
        jdbc.sql("UPDATE contact_event SET detail = NULL WHERE contact_id = :contactId")
                .param("contactId", contactId).update();
    }

    public List<Entry> of(String contactId) {
        return jdbc.sql("""
                        SELECT event_type, actor, detail, occurred_at FROM contact_event
                        WHERE contact_id = :contactId ORDER BY occurred_at, id""")
                .param("contactId", contactId)
                .query((rs, row) -> new Entry(Type.valueOf(rs.getString("event_type")), rs.getString("actor"),
                        rs.getString("detail"), rs.getTimestamp("occurred_at").toInstant()))
                .list();
    }
}
