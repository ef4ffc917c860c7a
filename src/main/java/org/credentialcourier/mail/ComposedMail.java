package org.credentialcourier.mail;

import java.util.HashMap;
import java.util.Map;

/**
 * A rendered email, ready to send. It may carry a secret (an activation link, a new password) in its bodies and in
 * {@link #secret()}, so it lives only in memory and its {@link #toString()} shows none of them.
 */
public record ComposedMail(String template, String recipientEmail, String recipientName, String subject,
                           String textBody, String htmlBody, Map<String, String> headers, String secret) {

    /** The same message, with the secret it carries named, for a hand-over by hand. */
    public ComposedMail withSecret(String value) {
        return new ComposedMail(template, recipientEmail, recipientName, subject, textBody, htmlBody, headers, value);
    }

    /** The same message with one more header. */
    public ComposedMail withHeader(String name, String value) {
        Map<String, String> more = new HashMap<>(headers);
        more.put(name, value);
        return new ComposedMail(template, recipientEmail, recipientName, subject, textBody, htmlBody, Map.copyOf(more),
                secret);
    }

    @Override
    public String toString() {
        return "ComposedMail[template=" + template + ", subject=" + subject + "]";
    }
}
