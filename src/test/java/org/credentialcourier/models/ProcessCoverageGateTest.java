package org.credentialcourier.models;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Every process in {@code bpmn/} reaches at least {@value #THRESHOLD} coverage of its flow nodes and sequence flows,
 * counted over all process test classes of this run together (each writes
 * {@code target/process-test-coverage/<class>/report.json}). Ordered last, see {@code junit-platform.properties}.
 */
@Order(Integer.MAX_VALUE)
class ProcessCoverageGateTest {

    static final double THRESHOLD = 0.95;
    private static final Path REPORTS = Path.of("target", "process-test-coverage");

    @Test
    void everyProcessIsCoveredByItsTests() throws IOException {
        List<Path> reports = freshReports();
        if (reports.isEmpty()) {
            // a run of chosen test classes (-Dtest=...) without the process tests: nothing to judge
            Assumptions.assumeTrue(System.getProperty("test") == null,
                    "no process test ran in this run");
        }
        assertThat(reports).as("coverage reports of this run").isNotEmpty();

        ObjectMapper json = new ObjectMapper();
        Map<String, Integer> totals = new HashMap<>();
        Map<String, Set<String>> covered = new HashMap<>();
        for (Path report : reports) {
            JsonNode root = json.readTree(report.toFile());
            root.path("models").forEach(m -> totals.put(m.path("key").asText(), m.path("totalElementCount").asInt()));
            root.path("suites").forEach(suite -> suite.path("runs").forEach(run -> run.path("events").forEach(event ->
                    covered.computeIfAbsent(event.path("modelKey").asText(), k -> new HashSet<>())
                            .add(event.path("source").asText() + ":" + event.path("definitionKey").asText()))));
        }
        Map<String, Double> coverage = new TreeMap<>();
        for (String process : processesInBpmn()) {
            int total = totals.getOrDefault(process, 0);
            coverage.put(process, total == 0 ? 0.0 : (double) covered.getOrDefault(process, Set.of()).size() / total);
        }
        System.out.println("Process test coverage (flow nodes and sequence flows, all process tests): " + coverage);
        assertThat(coverage).allSatisfy((process, ratio) ->
                assertThat(ratio).as("coverage of " + process).isGreaterThanOrEqualTo(THRESHOLD));
    }

    private static List<Path> freshReports() throws IOException {
        if (!Files.isDirectory(REPORTS)) {
            return List.of();
        }
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        List<Path> fresh = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPORTS)) {
            for (Path file : files.filter(f -> f.getFileName().toString().equals("report.json")).toList()) {
                if (Files.getLastModifiedTime(file).toMillis() >= jvmStart) {
                    fresh.add(file);
                }
            }
        }
        return fresh;
    }

    private static List<String> processesInBpmn() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("bpmn"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".bpmn"))
                    .map(n -> n.substring(0, n.length() - ".bpmn".length())).sorted().toList();
        }
    }
}
