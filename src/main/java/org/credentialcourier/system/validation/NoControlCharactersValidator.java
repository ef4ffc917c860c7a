package org.credentialcourier.system.validation;

import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

public class NoControlCharactersValidator implements ConstraintValidator<NoControlCharacters, String> {

    @Override
    public boolean isValid(String value, ConstraintValidatorContext context) {
        return value == null || isClean(value);
    }

    public static boolean isClean(String value) {
        return value.codePoints().noneMatch(NoControlCharactersValidator::isForbidden);
    }

    private static boolean isForbidden(int cp) {
        return Character.isISOControl(cp)
                // bidirectional embeddings, overrides and isolates (U+202A..U+202E, U+2066..U+2069)
                || (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069)
                // line and paragraph separators
                || cp == 0x2028 || cp == 0x2029;
    }
}
