package org.credentialcourier.bulk;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.system.web.InvalidInputException;

/**
 * Turns an uploaded CSV file or addresses pasted into a form into rows, each checked on its own: a bad row is set
 * aside with the line and the field it failed on, and never stops the good ones.
 */
final class ContactRows {

    static final String DEFAULT_LOCALE = "en";

    /** A row that passed: names are null when only an address was given (a contact that must exist already). */
    record Row(int line, String email, String firstName, String lastName, String locale) {

        boolean addressOnly() {
            return firstName == null;
        }
    }

    /** A row that did not, with the first field that failed. */
    record Problem(int line, String label, String field, String detail) {
    }

    record Parsed(List<Row> rows, List<Problem> problems) {

        int total() {
            return rows.size() + problems.size();
        }
    }

    private ContactRows() {
    }

    /**
     * A CSV file with a header naming its columns ({@code email}, {@code firstName}, {@code lastName} and optionally
     * {@code locale}, in any order and case; other columns are ignored). A missing column refuses the whole file.
     */
    static Parsed fromCsv(String text, int maxRows) {
        List<CsvReader.Record> records = readAll(text);
        int headerIndex = firstNonBlank(records);
        if (headerIndex < 0) {
            throw new InvalidInputException("body", "The file is empty: it needs a header line and at least one row");
        }
        Map<String, Integer> columns = columns(records.get(headerIndex).fields());
        for (String required : List.of("email", "firstName", "lastName")) {
            if (!columns.containsKey(required)) {
                throw new InvalidInputException("header", "The header line has no column " + required
                        + " (expected: email,firstName,lastName,locale)");
            }
        }
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (CsvReader.Record record : records.subList(headerIndex + 1, records.size())) {
            if (record.blank()) {
                continue;
            }
            if (rows.size() + problems.size() >= maxRows) {
                throw new InvalidInputException("body", "The file has more than " + maxRows
                        + " rows: split it into several imports");
            }
            check(record.line(), value(record, columns.get("email")), value(record, columns.get("firstName")),
                    value(record, columns.get("lastName")),
                    columns.containsKey("locale") ? value(record, columns.get("locale")) : null, rows, problems);
        }
        return new Parsed(rows, problems);
    }

    /**
     * Lines pasted into a form: each an address on its own (a contact that exists already) or
     * {@code email,firstName,lastName[,locale]} (created when missing).
     */
    static Parsed fromPaste(String text, int maxRows) {
        List<Row> rows = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (CsvReader.Record record : readAll(text == null ? "" : text)) {
            if (record.blank()) {
                continue;
            }
            if (rows.size() + problems.size() >= maxRows) {
                throw new InvalidInputException("addresses", "More than " + maxRows + " lines: split them up");
            }
            List<String> fields = record.fields();
            if (fields.size() == 1) {
                String email = fields.get(0);
                if (checkEmail(record.line(), email, problems)) {
                    rows.add(new Row(record.line(), email.strip(), null, null, null));
                }
            } else if (fields.size() == 2) {
                problems.add(new Problem(record.line(), label(fields.get(0)), "lastName",
                        "Give an address alone, or an address with first and last name"));
            } else {
                check(record.line(), fields.get(0), fields.get(1), fields.get(2), fields.size() > 3 ? fields.get(3)
                        : null, rows, problems);
            }
        }
        return new Parsed(rows, problems);
    }

    private static List<CsvReader.Record> readAll(String text) {
        try {
            return CsvReader.read(text);
        } catch (CsvReader.MalformedCsv malformed) {
            throw new InvalidInputException("body", malformed.getMessage());
        }
    }

    private static void check(int line, String email, String firstName, String lastName, String locale,
                              List<Row> rows, List<Problem> problems) {
        if (!checkEmail(line, email, problems)) {
            return;
        }
        String address = email.strip();
        String first = name(line, address, "firstName", firstName, problems);
        if (first == null) {
            return;
        }
        String last = name(line, address, "lastName", lastName, problems);
        if (last == null) {
            return;
        }
        String tag = locale == null || locale.isBlank() ? DEFAULT_LOCALE : locale.strip().toLowerCase(Locale.ROOT);
        if (!SupportedLocales.TAGS.contains(tag)) {
            problems.add(new Problem(line, address, "locale", "must be one of: " + String.join(", ",
                    SupportedLocales.TAGS)));
            return;
        }
        rows.add(new Row(line, address, first, last, tag));
    }

    /** The one address rule of every door ({@link ContactRules#emailProblem}), on the cell as it came. */
    private static boolean checkEmail(int line, String address, List<Problem> problems) {
        String detail = ContactRules.emailProblem(address);
        if (detail != null) {
            problems.add(new Problem(line, address == null || address.isBlank() ? null : label(address), "email",
                    detail));
            return false;
        }
        return true;
    }

    /** The one name rule of every door ({@link ContactRules#nameProblem}), on the cell as it came. */
    private static String name(int line, String address, String field, String value, List<Problem> problems) {
        String detail = ContactRules.nameProblem(value);
        if (detail != null) {
            problems.add(new Problem(line, address, field, detail));
            return null;
        }
        return value.strip();
    }

    private static Map<String, Integer> columns(List<String> header) {
        Map<String, Integer> columns = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i).strip().toLowerCase(Locale.ROOT).replace("_", "").replace(" ", "");
            String column = switch (name) {
                case "email", "emailaddress" -> "email";
                case "firstname", "givenname" -> "firstName";
                case "lastname", "familyname", "surname" -> "lastName";
                case "locale", "language" -> "locale";
                default -> null;
            };
            if (column != null) {
                columns.putIfAbsent(column, i);
            }
        }
        return columns;
    }

    private static int firstNonBlank(List<CsvReader.Record> records) {
        for (int i = 0; i < records.size(); i++) {
            if (!records.get(i).blank()) {
                return i;
            }
        }
        return -1;
    }

    private static String value(CsvReader.Record record, int index) {
        return index < record.fields().size() ? record.fields().get(index) : null;
    }

    /** What the row said, shortened and with control characters shown as '?', for the admin's review. */
    static String label(String text) {
        if (text == null) {
            return null;
        }
        return ContactRules.shown(text.strip());
    }
}
