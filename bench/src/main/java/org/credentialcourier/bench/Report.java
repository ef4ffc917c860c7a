package org.credentialcourier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the run's figures into docs/BENCHMARKS.md, between the markers {@value #START} and {@value #END}; the text
 * around them (method, tuning history) stays as it is.
 */
final class Report {

    static final String START = "<!-- bench:results:start -->";
    static final String END = "<!-- bench:results:end -->";

    private Report() {
    }

    static void write(Path doc, Results results, String table) throws IOException {
        String section = START + "\n" + results.markdown(table) + END;
        String text;
        if (Files.exists(doc)) {
            String old = Files.readString(doc);
            int start = old.indexOf(START);
            int end = old.indexOf(END);
            text = start >= 0 && end > start ? old.substring(0, start) + section + old.substring(end + END.length())
                    : old + "\n## Latest run\n\n" + section + "\n";
        } else {
            Files.createDirectories(doc.getParent());
            text = "# Benchmarks\n\n## Latest run\n\n" + section + "\n";
        }
        Files.writeString(doc, text);
    }
}
