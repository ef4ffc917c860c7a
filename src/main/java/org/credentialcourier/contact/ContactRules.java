package org.credentialcourier.contact;

import java.util.Locale;
import java.util.regex.Pattern;

import org.credentialcourier.system.validation.EmailAddress;
import org.credentialcourier.system.validation.NoControlCharactersValidator;

/**
 * THE rules for an address and a name (issue 13, cases 17 and 18): every door that takes one (the REST API through
 * {@link WellFormedEmail} and {@link PersonName}, the CSV import and pasted addresses, delivery corrections, the member
 * pages) calls these methods, so no door accepts what another refuses. The address rule itself is
 * {@link EmailAddress}, below the features, which Tasklist's start forms ask directly. Each check first
 * refuses the forbidden characters ({@link NoControlCharactersValidator#isClean}) in the value as it came, then drops
 * white space around it, then checks the grammar.
 */
public final class ContactRules {

    public static final int MAX_NAME = 100;

    public static final String FORBIDDEN_MESSAGE = "must not contain control or invisible characters";

    /** Letters, marks, and single spaces, apostrophes, hyphens, periods and commas between them (OWASP allow-list). */
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[\\p{L}\\p{M} '\u2019.,-]+");

    private ContactRules() {
    }

    /** What is wrong with this address, or null when it is well-formed: {@link EmailAddress#problem}. */
    public static String emailProblem(String email) {
        return EmailAddress.problem(email);
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
        String problem = NoControlCharactersValidator.missingOrForbidden(name, FORBIDDEN_MESSAGE);
        if (problem != null) {
            return problem;
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

    /** A value as it may be shown back to an admin: {@link EmailAddress#shown}. */
    public static String shown(String value) {
        return EmailAddress.shown(value);
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
