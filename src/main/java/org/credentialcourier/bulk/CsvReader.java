package org.credentialcourier.bulk;

import java.util.ArrayList;
import java.util.List;

/**
 * A small RFC 4180 reader: fields separated by commas, optionally quoted with {@code "} (a doubled quote inside is a
 * quote), records ended by CRLF or LF. A quoted field may span lines. Kept here rather than pulling in a CSV library:
 * the import needs exact line numbers in its refusals and nothing else.
 */
final class CsvReader {

    /** One record and the line it started on (1-based, counting every physical line of the input). */
    record Record(int line, List<String> fields) {

        boolean blank() {
            return fields.size() == 1 && fields.get(0).isBlank();
        }
    }

    /** The input breaks the format where no record boundary can be found again (an unclosed quote). */
    static final class MalformedCsv extends RuntimeException {
        private final int line;

        MalformedCsv(int line, String message) {
            super(message);
            this.line = line;
        }

        int line() {
            return line;
        }
    }

    private CsvReader() {
    }

    static List<Record> read(String text) {
        List<Record> records = new ArrayList<>();
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int line = 1;
        int recordLine = 1;
        boolean quoted = false;
        boolean fieldWasQuoted = false;
        int i = text.startsWith("\uFEFF") ? 1 : 0;
        int length = text.length();
        while (i < length) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < length && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append(c);
                }
            } else if (c == '"' && field.isEmpty() && !fieldWasQuoted) {
                quoted = true;
                fieldWasQuoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldWasQuoted = false;
            } else if (c == '\n' || c == '\r') {
                if (c == '\r' && i + 1 < length && text.charAt(i + 1) == '\n') {
                    i++;
                }
                fields.add(field.toString());
                records.add(new Record(recordLine, List.copyOf(fields)));
                fields.clear();
                field.setLength(0);
                fieldWasQuoted = false;
                line++;
                recordLine = line;
            } else {
                // text after a closing quote is kept as it stands: the row's validation names the field
                field.append(c);
            }
            i++;
        }
        if (quoted) {
            throw new MalformedCsv(recordLine, "A quoted field that starts on line " + recordLine + " is never closed");
        }
        if (!field.isEmpty() || !fields.isEmpty() || fieldWasQuoted) {
            fields.add(field.toString());
            records.add(new Record(recordLine, List.copyOf(fields)));
        }
        return records;
    }
}
