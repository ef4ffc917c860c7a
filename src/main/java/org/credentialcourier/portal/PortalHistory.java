package org.credentialcourier.portal;

import java.sql.Timestamp;
import java.time.Clock;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What was done to the portals and to the keys that sign their tokens ({@code provider_event}), by whom: the audit
 * shows it beside the contacts' and the invitations' histories. Written in the transaction of the change itself, so
 * a change is never without its line, nor a line without its change.
 */
@Repository
public class PortalHistory {

    /** What happened; the audit's action code is the name in lower case with hyphens ({@code portal-edited}). */
    public enum Type {
        PORTAL_REGISTERED("Portal registered"),
        PORTAL_EDITED("Portal edited"),
        PORTAL_REMOVED("Portal removed"),
        PORTAL_SECRET_RENEWED("Portal's client secret renewed"),
        SIGNING_KEY_ROTATED("Signing key added (rotation)"),
        SIGNING_KEY_RETIRED("Signing key retired");

        private final String label;

        Type(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public String code() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public PortalHistory(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A line: {@code subject} is the portal's client id or the key's id, {@code detail} what people read. */
    public void record(Type type, String subject, String actor, String detail) {
        jdbc.sql("""
                        INSERT INTO provider_event (event_type, subject, actor, detail, occurred_at)
                        VALUES (:type, :subject, :actor, :detail, :at)""")
                .param("type", type.name()).param("subject", subject).param("actor", actor)
                .param("detail", detail == null || detail.length() <= 500 ? detail : detail.substring(0, 500))
                .param("at", Timestamp.from(clock.instant())).update();
    }
}
