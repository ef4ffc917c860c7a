package org.credentialcourier.tracking;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.credentialcourier.system.sql.LikePattern;

/**
 * A read model's WHERE clause, assembled only from the fixed pieces its caller names, with every value from the
 * request as a bound parameter; a value that is null adds nothing (no filter).
 */
final class Conditions {

    /** Name or email contains the search: "first last" contains a first or a last name that does. */
    private static final String NAME_OR_EMAIL = "(c.email_key LIKE :q ESCAPE '\\' OR "
            + AccentFold.sql("c.first_name || ' ' || c.last_name") + " LIKE :q ESCAPE '\\')";

    final Map<String, Object> params = new HashMap<>();
    private final StringBuilder sql = new StringBuilder();

    /** The contact {@code c}'s name or email contains {@code q}, forgiving case and accents ({@link AccentFold}). */
    Conditions nameOrEmail(String q) {
        String pattern = LikePattern.containing(AccentFold.fold(q));
        if (pattern != null) {
            and(NAME_OR_EMAIL, "q", pattern);
            params.put("foldFrom", AccentFold.FROM);
            params.put("foldTo", AccentFold.TO);
        }
        return this;
    }

    /** {@code condition}, which reads the parameter {@code name}, when {@code value} is given. */
    Conditions and(String condition, String name, Object value) {
        if (value != null) {
            sql.append(sql.isEmpty() ? " WHERE " : " AND ").append(condition);
            params.put(name, value);
        }
        return this;
    }

    /** A moment as a parameter; null stays null (no filter). */
    static Timestamp timestamp(Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    /** {@code " WHERE a AND b"}, or an empty string. */
    String where() {
        return sql.toString();
    }
}
