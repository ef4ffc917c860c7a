package org.credentialcourier.system.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/**
 * The one "forbidden characters" check of the application (issue 13, case 18): no character of the Unicode categories
 * Cc (controls: CR, LF, NUL, NEL ...), Cf (format: zero-width spaces and joiners, the bidirectional marks, embeddings,
 * overrides and isolates, U+061C, soft hyphen, byte order mark, tag characters), Co (private use), Cn (unassigned),
 * Cs (surrogates: a lone one from a JSON escape such as {@code "\ud800"}) or Zl/Zp (line and paragraph separators).
 * Each of them can split a header, disguise a name or an address, or compare unequal to what a person sees. Every door
 * (the annotations, the CSV import, Tasklist's start forms, the console and member pages) calls {@link #isClean}.
 */
public class NoControlCharactersValidator implements ConstraintValidator<NoControlCharacters, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || isClean(value);
    }

    public static boolean isClean(String value) {
        // chars(), not codePoints(): a lone surrogate is a char of category Cs, a well-formed pair is checked below
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                if (isForbidden(Character.toCodePoint(c, value.charAt(i + 1)))) {
                    return false;
                }
                i++;
            } else if (isForbidden(c)) {
                return false;
            }
        }
        return true;
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
