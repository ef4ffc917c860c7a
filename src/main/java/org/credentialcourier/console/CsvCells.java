package org.credentialcourier.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Lines of a CSV file that a spreadsheet program opens safely (RFC 4180, OWASP "CSV Injection"): a cell that starts
 * with {@code = + - @}, a tab or a carriage return would be read as a formula, so it gets a leading {@code '} and is
 * shown as text; every cell is quoted, with its quotes doubled, so that commas and line breaks in a value stay in
 * their cell. The file starts with a byte order mark so that Excel reads UTF-8 (accented names) as UTF-8.
 */
final class CsvCells {

    static final String BYTE_ORDER_MARK = "\uFEFF";

    private CsvCells() {
    }

    /** One cell, quoted, defused when it would start a formula. */
    static String cell(String value) {
        if (value == null || value.isEmpty()) {
            return "\"\"";
        }
        char first = value.charAt(0);
        boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
        return "\"" + (formula ? "'" : "") + value.replace("\"", "\"\"") + "\"";
    }

    /** One line: the cells separated by commas, ended by CRLF as RFC 4180 says. */
    static void line(Writer out, List<String> values) throws IOException {
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(cell(values.get(i)));
        }
        out.write("\r\n");
    }

    /**
     * A CSV download: its headers (personal data, so never cached), the byte order mark and the heading line; then
     * a line per row that {@code rows} hands over, as the database streams them, so that no export is held whole.
     */
    static <T> void download(HttpServletResponse response, String fileName, List<String> headings,
                             Consumer<Consumer<T>> rows, Function<T, List<String>> cells) throws IOException {
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"" + fileName + "\"");
        response.setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        out.write(BYTE_ORDER_MARK);
        line(out, headings);
        try {
            rows.accept(row -> {
                try {
                    line(out, cells.apply(row));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        out.flush();
    }
}
