package org.credentialcourier.mail;

/**
 * An SMTP delivery that did not succeed, classified: a transient failure (no connection, a time-out, a 4xx reply) is
 * worth trying again later; a permanent one (a 5xx reply, an address the server or the syntax rejects) is not.
 */
public class MailFailure extends Exception {

    public enum Kind { TRANSIENT, PERMANENT }

    private final Kind kind;

    public MailFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public boolean permanent() {
        return kind == Kind.PERMANENT;
    }
}
