package org.credentialcourier.system.validation;

import java.util.regex.Pattern;

/**
 * THE address rule (issue 13, cases 17 and 18), below every door that takes an address: {@code contact.ContactRules}
 * (the REST API, the CSV import, the member pages) and the Tasklist start forms ({@code system.process.FormInput})
 * both ask it, so no door accepts what another refuses. It first refuses the forbidden characters
 * ({@link NoControlCharactersValidator#isClean}) in the value as it came, then drops white space around it, then
 * checks the grammar.
 */
public final class EmailAddress {

    public static final int MAX_LENGTH = 254;
    public static final int MAX_LOCAL_PART = 64;
    public static final String MESSAGE = "must be a well-formed email address";

    /** RFC 5321/5322 {@code atext}: the characters of an unquoted local part, ASCII only. */
    private static final String ATEXT = "[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+";
    /** A DNS label of letters, digits and hyphens, neither starting nor ending with a hyphen (RFC 1035, 5321). */
    private static final String LABEL = "[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?";
    /**
     * A dot-atom local part, {@code @}, and a domain of at least two labels whose last one (the top-level domain) is
     * not all digits: no quoted local part, no address literal, no trailing dot, no empty label.
     */
    private static final Pattern EMAIL = Pattern.compile(
            ATEXT + "(?:\\." + ATEXT + ")*@" + LABEL + "(?:\\." + LABEL + ")*\\.(?=[A-Za-z0-9-]*[A-Za-z])" + LABEL);

    private EmailAddress() {
    }

    /**
     * What is wrong with this address, or null when it is well-formed. Internationalised addresses (RFC 6531: non-ASCII
     * local part or U-label domain) are refused: the SMTP path does not negotiate SMTPUTF8, and an ASCII-only address
     * cannot hide a look-alike character; a domain may be given in its ASCII ({@code xn--}) form.
     */
    public static String problem(String email) {
        String problem = NoControlCharactersValidator.missingOrForbidden(email, MESSAGE);
        if (problem != null) {
            return problem;
        }
        String address = email.strip();
        if (address.length() > MAX_LENGTH || !EMAIL.matcher(address).matches()
                || address.indexOf('@') > MAX_LOCAL_PART) {
            return MESSAGE;
        }
        return null;
    }

    /** A value as it may be shown back to an admin: forbidden characters as '?', at most 254 characters. */
    public static String shown(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(MAX_LENGTH + 1L).forEach(cp -> {
            if (NoControlCharactersValidator.isForbidden(cp)) {
                shown.append('?');
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.length() <= MAX_LENGTH ? shown.toString() : shown.substring(0, MAX_LENGTH - 3) + "...";
    }
}
