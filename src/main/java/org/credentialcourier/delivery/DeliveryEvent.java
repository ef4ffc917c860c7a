package org.credentialcourier.delivery;

import java.time.Instant;
import java.util.Locale;

/**
 * One thing heard of an email after the server's 250, whatever brought it (a DSN in the bounce mailbox, a provider's
 * webhook): the one internal model every source maps to. {@code key}: unique per event at its source (a replay has the
 * same key); {@code messageId}: the attempt's Message-ID, as quoted by the report or recovered from its VERP address;
 * {@code statusCode}: an RFC 3463 code such as {@code 5.1.1}, or null; {@code diagnostic}: the remote server's words.
 */
public record DeliveryEvent(String key, String source, Kind kind, String messageId, String recipient,
                            String statusCode, String diagnostic, Instant occurredAt) {

    public enum Kind {
        DELIVERED, DEFERRED,
        /** Permanent: the address does not take mail (5.x.x). */
        BOUNCED,
        /** Transient: a full mailbox, a server down for a while (4.x.x). */
        BOUNCED_TRANSIENT,
        /** The recipient marked the email as spam (a feedback loop report or a provider's complaint). */
        COMPLAINED;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        /** After this, nothing the same attempt hears changes it: the address is to be stopped. */
        public boolean stopsTheAddress() {
            return this == BOUNCED || this == COMPLAINED;
        }
    }

    /** The reason as people read it: the status code and the diagnostic, e.g. {@code 5.1.1 user unknown}. */
    public String reason() {
        String code = statusCode == null ? "" : statusCode.strip();
        String words = diagnostic == null ? "" : diagnostic.strip();
        String both = (code + " " + words).strip();
        return both.isEmpty() ? kind.code() : both;
    }
}
