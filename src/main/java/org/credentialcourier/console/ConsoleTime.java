package org.credentialcourier.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Times as the console shows them to one admin: to the minute, in the admin's time zone and naming it (admins may sit
 * in several zones, so the page says which one), with the exact instant in UTC in each {@code <time datetime>} and,
 * as text, on hover ({@link #utc}: the logs and Cockpit's history are in UTC); and how long ago or ahead a moment
 * is ({@link #relative}), where an age says more than a date.
 */
public final class ConsoleTime {

    /** The console's times before an admin or a setting says otherwise. */
    public static final ZoneId UTC_ZONE = ZoneId.of("UTC");

    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(UTC_ZONE);

    private final ZoneId zone;
    private final boolean followsBrowser;
    private final Clock clock;
    private final DateTimeFormatter shown;
    /** For spreadsheets: a date and time they read as one, the zone named in the column's heading instead. */
    private final DateTimeFormatter cell;

    public ConsoleTime(ZoneId zone, Clock clock) {
        this(zone, false, clock);
    }

    /** {@code followsBrowser}: the admin chose no zone, so the browser's (or the default) is used. */
    public ConsoleTime(ZoneId zone, boolean followsBrowser, Clock clock) {
        this.zone = zone;
        this.followsBrowser = followsBrowser;
        this.clock = clock;
        this.shown = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm zzz", Locale.ENGLISH).withZone(zone);
        this.cell = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(zone);
    }

    /**
     * The zone the console's times are in, for what the admin types as days ("created between") and for the
     * export's times: the same as {@link #show}'s.
     */
    public ZoneId zone() {
        return zone;
    }

    /** Whether the zone is the browser's (or the default until the browser tells it), not one the admin chose. */
    public boolean followsBrowser() {
        return followsBrowser;
    }

    /** The zone's name as the pages and the export's headings say it: {@code Europe/Paris}, {@code UTC}. */
    public String zoneName() {
        return zone.getId();
    }

    /** {@code 2025-03-01 15:05 CET} in the admin's zone, or an empty string. */
    public String show(Instant at) {
        return at == null ? "" : shown.format(at);
    }

    /** {@code 2025-03-01 14:05:09 UTC}, for the title that shows on hover, or an empty string. */
    public String utc(Instant at) {
        return at == null ? "" : UTC.format(at);
    }

    /** {@code 2025-03-01 14:05:09} in {@link #zone}, or an empty string: a spreadsheet's cell. */
    public String cell(Instant at) {
        return at == null ? "" : cell.format(at);
    }

    /** The instant in ISO-8601, for the {@code datetime} attribute. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }

    /** The moment the page is made, by the application's clock. */
    public Instant now() {
        return clock.instant();
    }

    /** {@code in 2 days}, {@code 3 hours ago}, from now; an empty string for none. */
    public String relative(Instant at) {
        return at == null ? "" : relative(at, clock.instant());
    }

    /**
     * How far {@code at} is from {@code now} in English, in the largest whole unit it has reached (rounded towards
     * now, so "in 2 days" is at least 48 hours ahead and an expiry is never said to be later than it is): under a
     * minute is "just now"; then minutes, hours, days (below 60), months of 30 days (below 365 days), years.
     */
    static String relative(Instant at, Instant now) {
        Duration apart = Duration.between(now, at);
        boolean future = !apart.isNegative();
        long seconds = apart.abs().getSeconds();
        if (seconds < 60) {
            return "just now";
        }
        long minutes = seconds / 60;
        long hours = minutes / 60;
        long days = hours / 24;
        String amount;
        if (hours == 0) {
            amount = count(minutes, "minute");
        } else if (days == 0) {
            amount = count(hours, "hour");
        } else if (days < 60) {
            amount = count(days, "day");
        } else if (days < 365) {
            amount = count(days / 30, "month");
        } else {
            amount = count(days / 365, "year");
        }
        return future ? "in " + amount : amount + " ago";
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
