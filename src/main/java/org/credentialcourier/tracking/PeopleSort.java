package org.credentialcourier.tracking;

import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

import org.credentialcourier.system.web.InvalidInputException;

/**
 * The order of the people directory, from two request parameters: {@code sort} (a column's name, from the allow-list
 * below) and {@code dir} ({@code asc} or {@code desc}). Only the columns mapped here ever reach the SQL; anything else
 * is refused naming the parameter. The contact's id ends every order, so that a page holds the same rows however
 * often it is read. Without a sort: newest first.
 */
public record PeopleSort(Column column, boolean ascending) {

    public static final PeopleSort DEFAULT = new PeopleSort(Column.CREATED, false);

    /** The sortable columns: their names in the address, their SQL (aliases {@code c} contact, {@code i} invitation). */
    public enum Column {
        NAME("name", "c.last_name", "c.first_name"),
        // the address in lower case: the order people expect, and indexed
        EMAIL("email", "c.email_key"),
        LANGUAGE("language", "c.locale"),
        ACCOUNT("account", "c.account_status"),
        // no invitation sorts as the empty status, first when ascending on H2 and PostgreSQL alike
        INVITATION("invitation", "COALESCE(i.status, '')"),
        CREATED("created", "c.created_at");

        private final String param;
        private final String[] sql;

        Column(String param, String... sql) {
            this.param = param;
            this.sql = sql;
        }

        public String param() {
            return param;
        }

        static Optional<Column> of(String param) {
            return Arrays.stream(values()).filter(c -> c.param.equals(param)).findFirst();
        }
    }

    private static final String COLUMNS = Arrays.stream(Column.values()).map(Column::param)
            .collect(Collectors.joining(", "));

    /** {@code sort} and {@code dir} as they came (either may be null or empty); a 400 for anything not listed. */
    public static PeopleSort parse(String sort, String dir) {
        boolean noSort = sort == null || sort.isEmpty();
        Column column = noSort ? DEFAULT.column
                : Column.of(sort).orElseThrow(() -> new InvalidInputException("sort", "must be one of " + COLUMNS));
        if (dir == null || dir.isEmpty()) {
            return noSort ? DEFAULT : new PeopleSort(column, column != Column.CREATED);
        }
        if (!"asc".equals(dir) && !"desc".equals(dir)) {
            throw new InvalidInputException("dir", "must be asc or desc");
        }
        return new PeopleSort(column, "asc".equals(dir));
    }

    public String dir() {
        return ascending ? "asc" : "desc";
    }

    /** The ORDER BY clause: the column's SQL, then the contact's id, all in the one direction. */
    String orderBy() {
        return OrderBy.clause(ascending, "c.id", column.sql);
    }
}
