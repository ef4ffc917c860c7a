package org.credentialcourier.console;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the console shows them: to the minute, in UTC and saying so (admins may sit in several time zones; the
 * logs and Cockpit's history are in UTC too), with the exact instant in each {@code <time datetime>}.
 */
public final class ConsoleTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** For spreadsheets: a date and time they read as one, the zone named in the column's heading instead. */
    private static final DateTimeFormatter CELL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    /**
     * The zone the console's times are in, for what the admin types as days ("created between") and for the
     * export's times: the same as {@link #show}'s.
     */
    public ZoneId zone() {
        return ZoneOffset.UTC;
    }

    /** The zone's name as the pages and the export's headings say it. */
    public String zoneName() {
        return "UTC";
    }

    /** {@code 2025-03-01 14:05 UTC}, or an empty string. */
    public String show(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }

    /** {@code 2025-03-01 14:05:09} in {@link #zone}, or an empty string: a spreadsheet's cell. */
    public String cell(Instant at) {
        return at == null ? "" : CELL.format(at);
    }

    /** The instant in ISO-8601, for the {@code datetime} attribute. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
