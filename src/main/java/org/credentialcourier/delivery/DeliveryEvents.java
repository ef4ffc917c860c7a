package org.credentialcourier.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;

import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.system.CourierMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Applies a {@link DeliveryEvent} to the attempt it is about, once: the event is kept by its key, so a replayed one
 * changes nothing; an event for no known attempt is kept and changes nothing either. A permanent bounce or a
 * complaint is final for its attempt: what comes after it for the same attempt is kept but changes nothing. A
 * permanent bounce tells the email's kind (its process ends the link and asks an admin, as for a rejection at SMTP
 * time); both suppress the address.
 */
@Service
public class DeliveryEvents {

    private static final Logger log = LoggerFactory.getLogger(DeliveryEvents.class);
    private static final int MAX_KEY = 300;

    /** What applying an event did. */
    public enum Outcome {
        /** The attempt's record changed (and what follows from it happened). */
        APPLIED,
        /** Seen before (same key): nothing changed. */
        REPLAYED,
        /** New, but about no attempt Courier sent: kept, nothing changed. */
        UNMATCHED,
        /** New, about an attempt whose bounce or complaint was already recorded: kept, nothing changed. */
        SUPERSEDED
    }

    private final JdbcClient jdbc;
    private final MailLog mailLog;
    private final Clock clock;
    private final CourierMetrics metrics;
    private final BounceReactions reactions;
    private final TransientBounceProperties transientBounces;

    public DeliveryEvents(JdbcClient jdbc, MailLog mailLog, Clock clock, CourierMetrics metrics,
                          BounceReactions reactions, TransientBounceProperties transientBounces) {
        this.transientBounces = transientBounces;
        this.jdbc = jdbc;
        this.mailLog = mailLog;
        this.clock = clock;
        this.metrics = metrics;
        this.reactions = reactions;
    }

    @Transactional
    public Outcome apply(DeliveryEvent event) {
        String key = MailLog.bounded(event.key(), MAX_KEY);
        boolean seen = jdbc.sql("SELECT COUNT(*) FROM delivery_event WHERE event_key = :key").param("key", key)
                .query(Long.class).single() > 0;
        if (seen) {
            metrics.deliveryEvent(event.kind().code(), "replayed");
            return Outcome.REPLAYED;
        }
        Optional<MailLogEntry> attempt = event.messageId() == null ? Optional.empty()
                : mailLog.latestWithMessageId(event.messageId().strip());
        jdbc.sql("""
                INSERT INTO delivery_event (event_key, source, kind, mail_log_id, recipient, status_code, diagnostic,
                                            occurred_at, received_at)
                VALUES (:key, :source, :kind, :mailLogId, :recipient, :statusCode, :diagnostic, :occurredAt, :now)""")
                .param("key", key).param("source", MailLog.bounded(event.source(), 32))
                .param("kind", event.kind().code())
                .param("mailLogId", attempt.map(MailLogEntry::id).orElse(null))
                .param("recipient", MailLog.bounded(event.recipient(), 254))
                .param("statusCode", MailLog.bounded(event.statusCode(), 32))
                .param("diagnostic", MailLog.bounded(event.diagnostic(), MailLog.MAX_REPLY))
                .param("occurredAt", Timestamp.from(event.occurredAt()))
                .param("now", Timestamp.from(clock.instant()))
                .update();
        if (attempt.isEmpty()) {
            metrics.deliveryEvent(event.kind().code(), "unmatched");
            log.info("Delivery event {} ({}) matches no attempt: Message-ID {}", event.kind().code(), event.source(),
                    event.messageId());
            return Outcome.UNMATCHED;
        }
        MailLogEntry entry = attempt.get();
        if (isFinal(entry.deliveryEvent())) {
            metrics.deliveryEvent(event.kind().code(), "superseded");
            return Outcome.SUPERSEDED;
        }
        event = permanentIfRepeated(event, entry);
        mailLog.recordEvent(entry.id(), event.kind().code(), event.reason(),
                event.kind() == DeliveryEvent.Kind.BOUNCED ? Status.BOUNCED : null, event.occurredAt());
        metrics.deliveryEvent(event.kind().code(), "applied");
        log.info("Mail log {} ({} email): {} ({}), reported by {}", entry.id(), entry.template(),
                event.kind().code(), event.reason(), event.source());
        if (event.kind().stopsTheAddress()) {
            reactions.addressStopped(entry, event);
        }
        return Outcome.APPLIED;
    }

    /**
     * A transient bounce that makes {@code courier.bounces.transient.count-as-permanent} of them for the attempt's
     * address within the window (this one included, any attempt to that address) counts as a permanent bounce, with
     * the count in its reason; any other event stays what it is.
     */
    private DeliveryEvent permanentIfRepeated(DeliveryEvent event, MailLogEntry entry) {
        int limit = transientBounces.countAsPermanent();
        if (event.kind() != DeliveryEvent.Kind.BOUNCED_TRANSIENT || limit == 0) {
            return event;
        }
        Instant since = clock.instant().minus(transientBounces.window());
        long count = jdbc.sql("""
                SELECT COUNT(*) FROM delivery_event e JOIN mail_log m ON m.id = e.mail_log_id
                WHERE e.kind = :kind AND LOWER(m.recipient) = :recipient AND e.received_at >= :since""")
                .param("kind", DeliveryEvent.Kind.BOUNCED_TRANSIENT.code())
                .param("recipient", entry.recipient().toLowerCase(Locale.ROOT))
                .param("since", Timestamp.from(since)).query(Long.class).single();
        if (count < limit) {
            return event;
        }
        String why = count + " temporary failures since " + since.truncatedTo(ChronoUnit.MINUTES)
                + ", counted as permanent; the last: " + (event.diagnostic() == null ? "" : event.diagnostic().strip());
        return new DeliveryEvent(event.key(), event.source(), DeliveryEvent.Kind.BOUNCED, event.messageId(),
                event.recipient(), event.statusCode(), why.strip(), event.occurredAt());
    }

    private static boolean isFinal(String code) {
        return DeliveryEvent.Kind.BOUNCED.code().equals(code) || DeliveryEvent.Kind.COMPLAINED.code().equals(code);
    }
}
