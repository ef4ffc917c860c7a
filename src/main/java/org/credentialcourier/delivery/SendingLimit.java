package org.credentialcourier.delivery;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.credentialcourier.system.CourierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The mail provider's sending limit ({@code courier.mail.max-per-minute}), as process {@code mail-delivery} asks for
 * it: {@code ${sendingLimit.enabled}} decides whether a delivery waits for a slot, and
 * {@code ${sendingLimit.reserveSlot()}} hands out the next one, spaced evenly. The next free slot lives in one database
 * row, locked while a slot is reserved, so that all nodes of a cluster share one budget and a restart forgets nothing.
 * Retries reserve a slot again: a burst of retries after an outage is spread out like a bulk.
 */
@Component("sendingLimit")
public class SendingLimit {

    private static final Logger log = LoggerFactory.getLogger(SendingLimit.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final Duration interval;

    public SendingLimit(JdbcClient jdbc, Clock clock, CourierProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        Integer perMinute = properties.mail().maxPerMinute();
        this.interval = perMinute == null ? null : Duration.ofMinutes(1).dividedBy(perMinute);
        if (interval != null) {
            log.info("Sending at most {} emails per minute (one every {} ms)", perMinute, interval.toMillis());
        }
    }

    public boolean isEnabled() {
        return interval != null;
    }

    /**
     * The moment this delivery may send: now when the budget allows, else the next free slot. Reserved in a transaction
     * of its own, so that the row stays locked only for the reservation and not for the rest of a caller's transaction
     * (a bulk chunk starts a hundred deliveries in one); a slot whose caller then rolls back stays used: the cluster
     * sends more slowly than allowed, never faster.
     */
    @Transactional(propagation = Propagation.REQUIRES_NEW)
    public Date reserveSlot() {
        if (interval == null) {
            return Date.from(clock.instant());
        }
        Instant now = clock.instant();
        Instant next = jdbc.sql("SELECT next_slot FROM mail_sending_slot WHERE id = 1 FOR UPDATE")
                .query(Timestamp.class).single().toInstant();
        Instant slot = next.isAfter(now) ? next : now;
        jdbc.sql("UPDATE mail_sending_slot SET next_slot = :next WHERE id = 1")
                .param("next", Timestamp.from(slot.plus(interval))).update();
        return Date.from(slot);
    }
}
