package org.credentialcourier.console;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/**
 * Each admin's time zone for the console, kept by Camunda user id in {@code admin_preference} (V11), so that it
 * follows the admin from browser to browser and works with any identity provider. An admin who never chose one gets
 * the browser's zone, which a browser tells only through script: the console's script keeps it in the cookie
 * {@value #BROWSER_ZONE_COOKIE}; without script, or before it ran, {@code courier.console.default-time-zone} (UTC
 * unless set).
 */
@Repository
class AdminTimeZones {

    /** Region ids only ({@code Europe/Paris}, {@code UTC}), sorted: the list the settings page offers and accepts. */
    static final List<String> IDS;

    static {
        Set<String> ids = new TreeSet<>(ZoneId.getAvailableZoneIds());
        ids.removeIf(id -> id.startsWith("Etc/") || id.startsWith("SystemV/") || !id.contains("/"));
        IDS = List.copyOf(ids);
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final ZoneId fallback;

    AdminTimeZones(JdbcClient jdbc, Clock clock,
                   @Value("${courier.console.default-time-zone:UTC}") String defaultZone) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.fallback = parse(defaultZone).orElseThrow(() -> new IllegalStateException(
                "courier.console.default-time-zone must be a time zone id such as Europe/Paris or UTC, not "
                        + defaultZone));
    }

    /** The cookie in which the console's script keeps the browser's zone (an IANA id such as Europe/Paris). */
    static final String BROWSER_ZONE_COOKIE = "courier-tz";

    /**
     * The console's times for {@code admin}: the zone the admin chose; else the browser's ({@code browserZone}, when
     * it is a zone of {@link #IDS} or UTC); else the default.
     */
    @Transactional(readOnly = true)
    ConsoleTime timeFor(String admin, String browserZone) {
        Optional<String> chosen = stored(admin).filter(id -> parse(id).isPresent());
        return new ConsoleTime(choose(chosen, browserZone, fallback), chosen.isEmpty(), clock);
    }

    /** The console's times in the default zone. */
    ConsoleTime defaultTime() {
        return new ConsoleTime(fallback, clock);
    }

    /** The zone {@code admin} chose, if any and still known. */
    Optional<String> stored(String admin) {
        return jdbc.sql("SELECT time_zone FROM admin_preference WHERE admin_id = :admin")
                .param("admin", admin).query(String.class).optional();
    }

    /** The default zone, for admins who chose none. */
    ZoneId fallback() {
        return fallback;
    }

    /**
     * Keeps {@code zone} for {@code admin}; empty for the default. An id outside {@link #IDS} is refused (400 naming
     * {@code zone}) and nothing changes. Each statement on its own (no transaction): on PostgreSQL the update after
     * a lost race to insert would otherwise run in an aborted transaction.
     */
    void keep(String admin, String zone) {
        if (zone == null || zone.isEmpty()) {
            jdbc.sql("DELETE FROM admin_preference WHERE admin_id = :admin").param("admin", admin).update();
            return;
        }
        String id = parse(zone).map(ZoneId::getId).orElseThrow(() -> new InvalidInputException("zone",
                "must be a time zone of the list, such as Europe/Paris or UTC"));
        Timestamp now = Timestamp.from(clock.instant());
        int updated = jdbc.sql("UPDATE admin_preference SET time_zone = :zone, updated_at = :now WHERE admin_id = :admin")
                .param("zone", id).param("now", now).param("admin", admin).update();
        if (updated == 0) {
            try {
                jdbc.sql("INSERT INTO admin_preference (admin_id, time_zone, updated_at) VALUES (:admin, :zone, :now)")
                        .param("admin", admin).param("zone", id).param("now", now).update();
            } catch (DuplicateKeyException sameAdminInAnotherTab) {
                jdbc.sql("UPDATE admin_preference SET time_zone = :zone, updated_at = :now WHERE admin_id = :admin")
                        .param("zone", id).param("now", now).param("admin", admin).update();
            }
        }
    }

    /** The zone the console uses: the admin's choice, else the browser's, else the default; each only if known. */
    static ZoneId choose(Optional<String> chosen, String browserZone, ZoneId fallback) {
        return chosen.flatMap(AdminTimeZones::parse).or(() -> parse(browserZone)).orElse(fallback);
    }

    /** A zone of {@link #IDS}, or {@code UTC}; nothing else (no offsets such as {@code +02:00}, no abbreviations). */
    static Optional<ZoneId> parse(String id) {
        if (id == null || !("UTC".equals(id) || IDS.contains(id))) {
            return Optional.empty();
        }
        try {
            return Optional.of(ZoneId.of(id));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }
}
