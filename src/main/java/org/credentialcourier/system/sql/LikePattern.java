package org.credentialcourier.system.sql;

import java.util.Locale;

/** Searches typed by people, as SQL {@code LIKE ... ESCAPE '\'} patterns. */
public final class LikePattern {

    private LikePattern() {
    }

    /**
     * {@code %q%} in lower case, with the LIKE wildcards of {@code q} escaped so that {@code %} and {@code _} are
     * searched for; {@code null} for no search.
     */
    public static String containing(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String escaped = q.trim().toLowerCase(Locale.ROOT)
                .replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }
}
