package org.credentialcourier.system.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * The one "forbidden characters" check of the application (issue 13, case 18): no character of the Unicode categories
 * Cc (controls: CR, LF, NUL, NEL ...), Cf (format: zero-width spaces and joiners, the bidirectional marks, embeddings,
 * overrides and isolates, U+061C, soft hyphen, byte order mark, tag characters), Co (private use), Cn (unassigned),
 * Cs (surrogates: a lone one such as U+D800 sent as a JSON escape) or Zl/Zp (line and paragraph separators).
 * Each of them can split a header, disguise a name or an address, or compare unequal to what a person sees. Every door
 * (the annotations, the CSV import, Tasklist's start forms, the console and member pages) calls {@link #isClean}.
 */
public class NoControlCharactersValidator implements ConstraintValidator<NoControlCharacters, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || isClean(value);
    }

    public static boolean isClean(String value) {
        // codePoints() yields a well-formed pair as one code point and a lone surrogate as itself (category Cs)
        return value.codePoints().noneMatch(NoControlCharactersValidator::isForbidden);
    }

    /**
     * The first checks of every rule for a typed value (an address, a name): "is missing" for a null or blank value,
     * else {@code forbiddenMessage} for a forbidden character in the value as it came; null when the rule goes on with
     * the value without the white space around it.
     */
    public static String missingOrForbidden(String value, String forbiddenMessage) {
        if (value == null || value.isBlank()) {
            return "is missing";
        }
        return isClean(value) ? null : forbiddenMessage;
    }

    /** Whether this code point is one of the forbidden categories (a lone surrogate code unit is Cs). */
    public static boolean isForbidden(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.UNASSIGNED, Character.SURROGATE,
                 Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
