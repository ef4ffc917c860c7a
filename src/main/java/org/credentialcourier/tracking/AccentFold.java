package org.credentialcourier.tracking;

import java.text.Normalizer;
import java.util.Locale;

/**
 * Searches that forgive accents as well as case: "zoe" finds "Zoë", "Hélène" finds "Helene". The letters of Latin-1
 * and Latin Extended-A that are a base letter with marks are folded to that base letter, in Java for what is typed and
 * in SQL ({@code TRANSLATE}, which H2 and PostgreSQL both have) for what is stored, from one table so the two agree.
 * No column or extension is needed, and a search in the middle of a name reads the rows anyway.
 */
final class AccentFold {

    /** The accented letters, upper and lower case, and the base letter each is folded to (lower case). */
    static final String FROM;
    static final String TO;

    static {
        StringBuilder from = new StringBuilder();
        StringBuilder to = new StringBuilder();
        for (char c = '\u00C0'; c <= '\u017F'; c++) {
            String decomposed = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFD);
            char base = decomposed.charAt(0);
            if (decomposed.length() > 1 && base < 128 && Character.isLetter(base)
                    && decomposed.substring(1).chars().allMatch(m -> Character.getType(m) == Character.NON_SPACING_MARK)) {
                from.append(c);
                to.append(Character.toLowerCase(base));
            }
        }
        FROM = from.toString();
        TO = to.toString();
    }

    private AccentFold() {
    }

    /** What is typed: lower case, without the accents of {@link #FROM}; null stays null. */
    static String fold(String text) {
        if (text == null) {
            return null;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        StringBuilder folded = new StringBuilder(lower.length());
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int at = FROM.indexOf(c);
            folded.append(at < 0 ? c : TO.charAt(at));
        }
        return folded.toString();
    }

    /** What is stored: the SQL that folds {@code expression} as {@link #fold} does, with parameters :foldFrom, :foldTo. */
    static String sql(String expression) {
        return "TRANSLATE(LOWER(" + expression + "), :foldFrom, :foldTo)";
    }
}
