package org.credentialcourier.system.process;

/**
 * The business key of a process instance: a label for the people who look at Cockpit ("ada@example.org · inv
 * 3f2a1b2c", whose invitation it is), written once at the start. It is not an identifier: the contact's email may
 * change afterwards, and the short id may repeat; the process clients correlate by the instance's id variables. It
 * holds no secret.
 */
public final class BusinessKeys {

    /** The engine's column for the key is 255 characters long. */
    static final int MAX_LENGTH = 255;
    private static final int SHORT_ID = 8;

    private BusinessKeys() {
    }

    /** {@code "ada@example.org · inv 3f2a1b2c"}: whose, what ({@code kind}) and the start of its id. */
    public static String of(String email, String kind, String id) {
        String tail = " · " + kind + " " + shortId(id);
        String who = email == null || email.isBlank() ? "?" : email.strip();
        if (who.length() + tail.length() > MAX_LENGTH) {
            who = who.substring(0, MAX_LENGTH - tail.length() - 1) + "…";
        }
        return who + tail;
    }

    /** The first characters of an id, enough for a person to tell instances apart. */
    public static String shortId(String id) {
        return id == null ? "?" : id.substring(0, Math.min(SHORT_ID, id.length()));
    }
}
