package org.credentialcourier.contact;

import java.util.Locale;

/** Rules for contact data that more than one entry point applies (REST, Tasklist, delivery corrections). */
public final class ContactRules {

    /**
     * A pragmatic address check on top of {@code @Email}: a local part, one {@code @}, a domain with a dot, and nothing
     * a mail header could be tricked with (spaces, angle brackets, quotes, commas, semicolons).
     */
    public static final String EMAIL_PATTERN = "^[^\\s@<>()\\[\\],;:\"\\\\]+@[^\\s@<>()\\[\\],;:\"\\\\]+\\.[^\\s@<>()\\[\\],;:\"\\\\]+$";

    private static final java.util.regex.Pattern EMAIL = java.util.regex.Pattern.compile(EMAIL_PATTERN);

    private ContactRules() {
    }

    public static boolean isValidEmail(String email) {
        return email != null && email.length() <= 254 && EMAIL.matcher(email).matches()
                && email.chars().noneMatch(Character::isISOControl);
    }

    /**
     * An address typed into a Tasklist form: refused unless it is well-formed as it stands (no trimming away of a
     * line break or NUL), with a message for the admin.
     */
    public static String requireFormEmail(String email) {
        if (email == null || !isValidEmail(email.strip()) || email.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("\"" + (email == null ? "" : email.replaceAll("\\p{Cntrl}", "?"))
                    + "\" is not a well-formed email address.");
        }
        return email.strip();
    }

    /**
     * The form in which emails are compared, looked up and counted (rate limits): case-insensitive, without white
     * space around it, Unicode's included ({@code strip}, not {@code trim}), so that no door sees another address.
     */
    public static String emailKey(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }
}
