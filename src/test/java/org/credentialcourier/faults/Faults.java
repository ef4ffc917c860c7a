package org.credentialcourier.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import org.junit.jupiter.api.Assumptions;

/**
 * What the fault tests share: where they write (logs of the nodes and the figures under {@code target/faults}), the
 * precondition that they run on PostgreSQL, bounded waiting, and the figures each test prints.
 */
final class Faults {

    static final Path DIR = Path.of("target", "faults");
    static final Path FIGURES = DIR.resolve("figures.md");

    private Faults() {
    }

    /** Separate JVMs on one database are Camunda's cluster model: they need PostgreSQL (CI's second run). */
    static void assumePostgres() {
        Assumptions.assumeTrue("postgres".equalsIgnoreCase(System.getenv("COURIER_TEST_DATABASE")),
                "fault tests with application nodes run on PostgreSQL only (COURIER_TEST_DATABASE=postgres)");
    }

    /**
     * A bulk size of the assignment, scaled by {@code -Dfaults.scale} (default 1) for a quick look while developing;
     * CI runs the full sizes.
     */
    static int size(int full) {
        double scale = Double.parseDouble(System.getProperty("faults.scale", "1"));
        return Math.max(10, (int) Math.round(full * scale));
    }

    static Path dir() {
        try {
            return Files.createDirectories(DIR);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Waits until {@code done} holds, checking every {@code every}; after {@code max} fails with what
     * {@code missing} says is still missing. The bound is generous: it catches a hang, it does not measure speed.
     */
    static Duration await(String what, Duration max, Duration every, BooleanSupplier done, Supplier<String> missing) {
        Instant start = Instant.now();
        Instant deadline = start.plus(max);
        RuntimeException lastError = null;
        while (true) {
            try {
                if (done.getAsBoolean()) {
                    return Duration.between(start, Instant.now());
                }
            } catch (RuntimeException e) {
                // e.g. the database restarting under the check: look again
                lastError = e;
            }
            if (Instant.now().isAfter(deadline)) {
                String state;
                try {
                    state = missing.get();
                } catch (RuntimeException e) {
                    state = "(could not tell: " + e + ")";
                }
                throw new AssertionError("Gave up after " + max.toSeconds() + " s waiting for " + what + ": "
                        + state + (lastError == null ? "" : "; last error while checking: " + lastError), lastError);
            }
            sleep(every);
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    /** A test's figures, in order: printed to stdout and appended to {@code target/faults/figures.md}. */
    static final class Figures {
        private final String test;
        private final Map<String, Object> values = new LinkedHashMap<>();

        Figures(String test) {
            this.test = test;
        }

        Figures put(String name, Object value) {
            values.put(name, value);
            return this;
        }

        void publish() {
            StringBuilder text = new StringBuilder();
            text.append("\n### ").append(test).append(" (").append(Instant.now()).append(", ")
                    .append(System.getenv().getOrDefault("COURIER_TEST_DATABASE", "h2")).append(")\n\n");
            text.append("| figure | value |\n|---|---|\n");
            values.forEach((name, value) -> text.append("| ").append(name).append(" | ")
                    .append(String.valueOf(value).replace("|", "\\|").replace("\n", "<br>")).append(" |\n"));
            System.out.println("FAULT FIGURES " + test);
            values.forEach((name, value) -> System.out.println("  " + name + ": " + value));
            try {
                Files.writeString(dir().resolve(FIGURES.getFileName()), text, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
