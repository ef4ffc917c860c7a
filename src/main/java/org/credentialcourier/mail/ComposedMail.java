package org.credentialcourier.mail;

import java.util.Map;

/**
 * A rendered email, ready to send. It may carry a secret (an activation link) in its bodies, so it lives only in
 * memory and its {@link #toString()} shows none of them.
 */
public record ComposedMail(String template, String recipientEmail, String recipientName, String subject,
                           String textBody, String htmlBody, Map<String, String> headers) {

    @Override
    public String toString() {
        return "ComposedMail[template=" + template + ", subject=" + subject + "]";
    }
}
