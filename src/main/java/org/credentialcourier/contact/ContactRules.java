package org.credentialcourier.contact;

import java.util.Locale;
import java.util.regex.Pattern;

import org.credentialcourier.system.validation.NoControlCharactersValidator;

/**
 * THE rules for an address and a name (issue 13, cases 17 and 18): every door that takes one (the REST API through
 * {@link WellFormedEmail} and {@link PersonName}, the CSV import and pasted addresses, Tasklist's start forms, delivery
 * corrections, the member pages) calls these methods, so no door accepts what another refuses. Each check first
 * refuses the forbidden characters ({@link NoControlCharactersValidator#isClean}) in the value as it came, then drops
 * white space around it, then checks the grammar.
 */
public final class ContactRules {

    public static final int MAX_EMAIL = 254;
    public static final int MAX_LOCAL_PART = 64;
    public static final int MAX_NAME = 100;

    public static final String EMAIL_MESSAGE = "must be a well-formed email address";
    public static final String FORBIDDEN_MESSAGE = "must not contain control or invisible characters";

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

    /** Letters, marks, and single spaces, apostrophes, hyphens, periods and commas between them (OWASP allow-list). */
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[\\p{L}\\p{M} '\u2019.,-]+");

    private ContactRules() {
    }

    /**
     * What is wrong with this address, or null when it is well-formed. Internationalised addresses (RFC 6531: non-ASCII
     * local part or U-label domain) are refused: the SMTP path does not negotiate SMTPUTF8, and an ASCII-only address
     * cannot hide a look-alike character; a domain may be given in its ASCII ({@code xn--}) form.
     */
    public static String emailProblem(String email) {
        if (email == null || email.isBlank()) {
            return "is missing";
        }
        if (!NoControlCharactersValidator.isClean(email)) {
            return EMAIL_MESSAGE;
        }
        String address = email.strip();
        if (address.length() > MAX_EMAIL || !EMAIL.matcher(address).matches()
                || address.indexOf('@') > MAX_LOCAL_PART) {
            return EMAIL_MESSAGE;
        }
        return null;
    }

    public static boolean isValidEmail(String email) {
        return emailProblem(email) == null;
    }

    /**
     * What is wrong with this name (a first or a last name), or null when it is acceptable: at most {@value #MAX_NAME}
     * characters of Unicode letters and marks, with single spaces, apostrophes ({@code '} and {@code ’}), hyphens,
     * periods and commas, and at least one letter. A period must not be followed by a letter, so no name reads as a
     * host or a link ({@code evil.example}, {@code www.x}); {@code < > @ " : /} and digits are refused, so no name
     * reads as an address either. The OWASP Input Validation Cheat Sheet's allow-list for names, as Okta and Auth0 restrict
     * profile names.
     */
    public static String nameProblem(String name) {
        if (name == null || name.isBlank()) {
            return "is missing";
        }
        if (!NoControlCharactersValidator.isClean(name)) {
            return FORBIDDEN_MESSAGE;
        }
        String stripped = name.strip();
        if (stripped.length() > MAX_NAME) {
            return "is longer than " + MAX_NAME + " characters";
        }
        if (!NAME_CHARACTERS.matcher(stripped).matches() || stripped.codePoints().noneMatch(Character::isLetter)) {
            return "may contain only letters, spaces, apostrophes, hyphens, periods and commas";
        }
        if (stripped.contains("  ")) {
            return "must not contain two spaces in a row";
        }
        for (int i = 0; i + 1 < stripped.length(); i++) {
            if (stripped.charAt(i) == '.' && isLetterOrMark(stripped.codePointAt(i + 1))) {
                return "must not have a letter right after a period (it would read as a web address)";
            }
        }
        return null;
    }

    public static boolean isValidName(String name) {
        return nameProblem(name) == null;
    }

    /**
     * An address typed into a Tasklist form: refused unless it passes {@link #emailProblem}, with a message for the
     * admin; the address without the white space around it otherwise.
     */
    public static String requireFormEmail(String email) {
        if (emailProblem(email) != null) {
            throw new IllegalArgumentException("\"" + shown(email) + "\" is not a well-formed email address.");
        }
        return email.strip();
    }

    /** A value as it may be shown back to an admin: forbidden characters as '?', at most 254 characters. */
    public static String shown(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder shown = new StringBuilder();
        value.codePoints().limit(MAX_EMAIL + 1L).forEach(cp -> {
            if (NoControlCharactersValidator.isForbidden(cp)) {
                shown.append('?');
            } else {
                shown.appendCodePoint(cp);
            }
        });
        return shown.length() <= MAX_EMAIL ? shown.toString() : shown.substring(0, MAX_EMAIL - 3) + "...";
    }

    /**
     * The form in which emails are compared, looked up and counted (rate limits): case-insensitive, without white
     * space around it, Unicode's included ({@code strip}, not {@code trim}), so that no door sees another address.
     */
    public static String emailKey(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static boolean isLetterOrMark(int codePoint) {
        int type = Character.getType(codePoint);
        return Character.isLetter(codePoint) || type == Character.NON_SPACING_MARK
                || type == Character.ENCLOSING_MARK || type == Character.COMBINING_SPACING_MARK;
    }
}
