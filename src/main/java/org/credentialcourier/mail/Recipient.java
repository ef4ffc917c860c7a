package org.credentialcourier.mail;

import java.util.Locale;

/**
 * Whom a personal email goes to, as the mail layer needs it: the address, the name on the envelope, the first name it
 * greets, the language it is written in. Plain values, so that the mail layer knows no contact.
 */
public record Recipient(String email, String name, String firstName, Locale locale) {
}
