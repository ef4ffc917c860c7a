package org.credentialcourier.tracking;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

import org.credentialcourier.system.web.InvalidInputException;

/**
 * The order of the invitations list, from {@code sort=field[,asc|,desc]} (ascending when no direction is given, as
 * Spring Data reads it; {@code createdAt,desc} when there is no sort): an allow-list of fields, each mapped to its
 * columns here, so that nothing from the request ever reaches the SQL. The id ends every order, so that a page holds
 * the same rows however often it is read.
 */
public record InvitationSort(Field field, boolean ascending) {

    public static final InvitationSort DEFAULT = new InvitationSort(Field.CREATED_AT, false);

    /** The fields one may sort by: their names in the API and their columns. */
    public enum Field {
        CREATED_AT("createdAt", "i.created_at"),
        UPDATED_AT("updatedAt", "i.updated_at"),
        EXPIRES_AT("expiresAt", "i.expires_at"),
        // email_key is the address in lower case: the order people expect, and indexed
        EMAIL("email", "c.email_key"),
        LAST_NAME("lastName", "c.last_name", "c.first_name"),
        STATUS("status", "i.status");

        private final String name;
        private final String[] columns;

        Field(String name, String... columns) {
            this.name = name;
            this.columns = columns;
        }

        public String apiName() {
            return name;
        }

        /** Whether the order is the contact's: the page is then read from the contacts, in their index's order. */
        boolean byContact() {
            return columns[0].startsWith("c.");
        }
    }

    private static final String ALLOWED = Arrays.stream(Field.values()).map(Field::apiName)
            .collect(Collectors.joining(", "));

    /** Reads {@code createdAt}, {@code email,asc}, {@code lastName,desc} ...; anything else is a 400 naming sort. */
    public static InvitationSort parse(String sort) {
        if (sort == null || sort.isBlank()) {
            return DEFAULT;
        }
        String[] parts = sort.split(",", -1);
        if (parts.length > 2) {
            throw invalid();
        }
        Field field = Arrays.stream(Field.values()).filter(f -> f.name.equals(parts[0].strip())).findFirst()
                .orElseThrow(InvitationSort::invalid);
        if (parts.length == 1) {
            return new InvitationSort(field, true);
        }
        return switch (parts[1].strip().toLowerCase(Locale.ROOT)) {
            case "asc" -> new InvitationSort(field, true);
            case "desc" -> new InvitationSort(field, false);
            default -> throw invalid();
        };
    }

    /** The ORDER BY clause: the field's columns, then the id, all in the one direction. */
    String orderBy() {
        return OrderBy.clause(ascending, "i.id", field.columns);
    }

    private static InvalidInputException invalid() {
        return new InvalidInputException("sort",
                "must be one of " + ALLOWED + ", optionally followed by ,asc or ,desc");
    }
}
