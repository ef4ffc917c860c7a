package org.credentialcourier.console;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Times as the console shows them: to the minute, in UTC and saying so (admins may sit in several time zones; the
 * logs and Cockpit's history are in UTC too), with the exact instant in each {@code <time datetime>}.
 */
public final class ConsoleTime {

    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** {@code 2025-03-01 14:05 UTC}, or an empty string. */
    public String show(Instant at) {
        return at == null ? "" : SHOWN.format(at);
    }

    /** The instant in ISO-8601, for the {@code datetime} attribute. */
    public String iso(Instant at) {
        return at == null ? "" : at.toString();
    }
}
