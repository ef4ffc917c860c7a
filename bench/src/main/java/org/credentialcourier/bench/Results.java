package org.credentialcourier.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The figures of one run, the machine it ran on, and the table of both. */
final class Results {

    private final Map<String, Object> values = new LinkedHashMap<>();
    private final Map<String, String> machine = new LinkedHashMap<>();
    private final ZonedDateTime started = ZonedDateTime.now();

    void put(String key, Object value) {
        values.put(key, value);
    }

    String stamp() {
        return started.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
    }

    void machine(String key, String value) {
        machine.put(key, value);
    }

    void machine(Path repo, Map<String, String> options, List<String> jvm, List<String> app, int n, int warmup,
                 int latency, int waiting, int expire, int clientThreads, int smtpThreads) {
        machine.put("date", started.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z")));
        machine.put("cores", Runtime.getRuntime().availableProcessors() + " (" + cpuModel() + ")");
        machine.put("RAM", memTotal());
        machine.put("JDK", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        machine.put("OS", osName() + ", kernel " + System.getProperty("os.version"));
        machine.put("commit", options.getOrDefault("commit", "?"));
        machine.put("database", "postgres".equals(options.get("db")) ? "PostgreSQL (profile postgres)" : "H2 file, fresh directory");
        machine.put("sizes", "N=" + n + ", warm-up " + warmup + " of each path, latency " + latency + ", pending " + waiting
                + ", expiring " + expire + "; " + clientThreads + " client threads, " + smtpThreads + " SMTP ceiling threads");
        if (options.containsKey("h2-url-options")) {
            machine.put("H2 URL options", options.get("h2-url-options"));
        }
        if (options.containsKey("nodes")) {
            machine.put("application nodes", options.get("nodes") + " on the same database, the bulk requested of the first");
        }
        if (options.containsKey("smtp-rtt-ms")) {
            machine.put("SMTP server reached through a network with a round trip of", options.get("smtp-rtt-ms")
                    + " ms (about seven round trips per message)");
        }
        machine.put("application JVM options", jvm.isEmpty() ? "(none: the JVM's defaults)" : String.join(" ", jvm));
        machine.put("application arguments beyond the benchmark's own", app.isEmpty() ? "(none: the embedded defaults)" : String.join(" ", app));
        if (options.containsKey("label")) {
            machine.put("label", options.get("label"));
        }
    }

    private static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).strip();
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.arch");
    }

    private static String memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    long kb = Long.parseLong(line.replaceAll("[^0-9]", ""));
                    return String.format("%.1f GiB", kb / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "?";
    }

    private static String osName() {
        try {
            for (String line : Files.readAllLines(Path.of("/etc/os-release"))) {
                if (line.startsWith("PRETTY_NAME=")) {
                    return line.substring("PRETTY_NAME=".length()).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return System.getProperty("os.name");
    }

    @SuppressWarnings("unchecked")
    private Object get(String path) {
        String[] parts = path.split("\\.", 2);
        Object v = values.get(parts[0]);
        if (parts.length == 2 && v instanceof Map<?, ?> m) {
            return ((Map<String, Object>) m).get(parts[1]);
        }
        return parts.length == 2 ? values.get(path) : v;
    }

    private double num(String path) {
        Object v = get(path);
        return v instanceof Number number ? number.doubleValue() : Double.NaN;
    }

    private boolean has(String path) {
        return get(path) != null;
    }

    /** The table: measure, result, goal, and whether the goal was met. */
    String table() {
        List<String[]> rows = new ArrayList<>();
        boolean haveBulk = has("bulk.perSecond");
        if (haveBulk) {
            rows.add(row("1", "Bulk throughput (" + fmt(num("bulk.count")) + " invitations, request to last email accepted)",
                    String.format("%.0f /s (%.1f s)", num("bulk.perSecond"), num("bulk.seconds")) + cpu("bulk"), "≥ 200 /s",
                    verdict(num("bulk.perSecond") >= 200)));
            Object status = get("bulk.bulkStatus");
            if (status != null) {
                rows.add(row("1", "Bulk request", "one POST /api/invitations/bulk {\"filter\":{\"accountStatus\":\"none\"}}; run: " + status, "", ""));
            } else {
                rows.add(row("1", "Bulk request", "one POST /api/invitations per contact, client threads (bulk endpoints absent)", "", ""));
            }
        }
        if (has("engine.perSecond")) {
            rows.add(row("2", "Engine ceiling (trivial process, one async no-op task)",
                    String.format("%.0f /s (%.1f s)", num("engine.perSecond"), num("engine.seconds")) + cpu("engine"), "", ""));
            if (haveBulk) {
                rows.add(row("2", "(1) / (2)", String.format("%.2f", num("bulk.perSecond") / num("engine.perSecond")), "", ""));
            }
        }
        if (has("chunked.perSecond")) {
            rows.add(row("2b", "Engine ceiling the bulk's way (same trivial process, chunks of "
                            + fmt(num("chunked.chunkSize")) + " started in-process, one job per chunk)",
                    String.format("%.0f /s (%.1f s)", num("chunked.perSecond"), num("chunked.seconds")) + cpu("chunked"),
                    "", ""));
            if (haveBulk) {
                double ratio = num("bulk.perSecond") / num("chunked.perSecond");
                rows.add(row("2b", "(1) / (2b)", String.format("%.2f", ratio), "≥ 0.70", verdict(ratio >= 0.70)));
            }
        }
        if (has("smtp.perSecond")) {
            rows.add(row("3", "SMTP ceiling (JavaMailSender, " + fmt(num("smtp.threads")) + " threads, one connection each)",
                    String.format("%.0f /s (%.1f s); others used %.0f %% of the CPU", num("smtp.perSecond"), num("smtp.seconds"),
                            100 * num("smtp.cpu.othersCpuShare")), "", ""));
            if (haveBulk) {
                double ratio = num("bulk.perSecond") / num("smtp.perSecond");
                rows.add(row("3", "(1) / (3)", String.format("%.2f", ratio), "≥ 0.70", verdict(ratio >= 0.7)));
            }
        }
        if (has("latency.p95")) {
            rows.add(row("4", "Latency, REST call to email received (" + fmt(num("latency.count")) + " one after another)",
                    String.format("p50 %s ms, p95 %s ms, p99 %s ms (max %s)", fmt(num("latency.p50")), fmt(num("latency.p95")),
                            fmt(num("latency.p99")), fmt(num("latency.max"))), "p95 ≤ 300 ms", verdict(num("latency.p95") <= 300)));
        }
        if (has("waiting.pending")) {
            rows.add(row("5", "Pending invitations; database size", fmt(num("waiting.pending")) + "; "
                    + String.format("%.0f MB", num("waiting.dbBytes") / 1024 / 1024), "", ""));
            disk(rows);
            rows.add(row("5", "Expiring " + fmt(num("waiting.expire.count")) + " invitations whose timers fall due together",
                    String.format("%.1f s = %.0f /s", num("waiting.expire.seconds"), num("waiting.expire.perSecond")) + cpu("waiting.expire"),
                    "≥ 300 /s", verdict(num("waiting.expire.perSecond") >= 300)));
            rows.add(row("5", "Fresh invitation meanwhile, REST call to email (" + fmt(num("waiting.fresh.count")) + ")",
                    String.format("p50 %s ms, p95 %s ms (max %s)", fmt(num("waiting.fresh.p50")), fmt(num("waiting.fresh.p95")),
                            fmt(num("waiting.fresh.max"))), "p95 ≤ 1000 ms", verdict(num("waiting.fresh.p95") <= 1000)));
            if (has("waiting.copy.copies")) {
                rows.add(row("5", "Reaching the pending count: invitations added through the same path, the rest as"
                                + " copies of their rows with fresh ids (bench's PendingCopies)",
                        String.format("%s through the path, %s copies of the %s rows they wrote (%s tables) in %.0f s;"
                                        + " %.0f s in all", fmt(num("waiting.topUp.count")),
                                fmt(num("waiting.copy.copies")), fmt(num("waiting.copy.templateRows")),
                                get("waiting.copy.tables").toString().split(" ").length,
                                num("waiting.copy.wallSeconds"), num("waiting.topUp.seconds"))
                                + String.format("; of the %s that expired, %s were copies; %s incidents",
                                fmt(num("waiting.copy.expired")), fmt(num("waiting.copy.expiredCopies")),
                                fmt(num("waiting.copy.incidents"))), "", ""));
            } else {
                rows.add(row("5", "Reaching the pending count: invitations added through the same path",
                        String.format("%s in %.0f s", fmt(num("waiting.topUp.count")), num("waiting.topUp.seconds")),
                        "", ""));
            }
        }
        rows.add(row("6", "Startup, process start to /actuator/health UP",
                String.format("%.1f s", num("startup") / 1000.0) + (has("startup.spring") ? " (Spring: " + get("startup.spring") + ")" : ""),
                "≤ 8 s", verdict(num("startup") <= 8_000)));
        if (has("bulk.rss.peak")) {
            rows.add(row("6", "Peak resident memory during (1) (VmRSS sampled; VmHWM)",
                    String.format("%.0f MB (VmHWM %.0f MB)", num("bulk.rss.peak") / 1024 / 1024, num("bulk.rss.hwm") / 1024 / 1024),
                    "≤ 768 MB", verdict(num("bulk.rss.peak") <= 768L * 1024 * 1024)));
            rows.add(row("6", "Peak heap during (1), used (committed)",
                    String.format("%.0f MB (%.0f MB)", num("bulk.heap.peak") / 1024 / 1024, num("bulk.heap.committed.peak") / 1024 / 1024), "", ""));
        }
        return render(rows);
    }

    /** Issue 18: bytes per pending invitation, the file against its live data, and the biggest tables. */
    private void disk(List<String[]> rows) {
        double pending = num("waiting.pending");
        if (!has("waiting.disk.fileBytes") || pending <= 0) {
            return;
        }
        Object tables = get("waiting.disk.tables");
        StringBuilder biggest = new StringBuilder();
        if (tables instanceof Map<?, ?> m) {
            m.entrySet().stream().limit(10).forEach(e -> biggest.append(biggest.length() == 0 ? "" : ", ")
                    .append(e.getKey()).append(' ').append(kb(((Number) e.getValue()).doubleValue() / pending)));
        }
        if (has("waiting.disk.compactBytes")) {
            double live = num("waiting.disk.compactBytes");
            double peak = Math.max(num("waiting.disk.peakFileBytes"), num("waiting.disk.fileBytes"));
            rows.add(row("5", "Disk per pending invitation (H2): file at the count; peak while adding; after "
                            + fmt(num("waiting.disk.quietSeconds")) + " s quiet; live (a copy after SHUTDOWN COMPACT,"
                            + " which compresses);"
                            + " rows only (DISK_SPACE_USED summed)",
                    kb(num("waiting.disk.fileBytes") / pending) + "; " + kb(peak / pending) + "; "
                            + kb(num("waiting.disk.quietFileBytes") / pending) + "; " + kb(live / pending) + "; "
                            + kb(num("waiting.disk.liveRowsBytes") / pending), "", ""));
            double ratio = peak / live;
            rows.add(row("5", "H2 file ÷ live data (peak while adding; at the count; after the quiet time)",
                    String.format("%.1f; %.1f; %.1f (fill rate %s %%, chunks %s %%)", ratio,
                            num("waiting.disk.fileBytes") / live, num("waiting.disk.quietFileBytes") / live,
                            get("waiting.disk.h2.FILL_RATE"), get("waiting.disk.h2.CHUNKS_FILL_RATE")),
                    "≤ 2", verdict(ratio <= 2)));
            rows.add(row("5", "Rows per pending invitation, biggest tables (DISK_SPACE_USED, indexes apart)",
                    biggest.toString(), "", ""));
        } else {
            rows.add(row("5", "Disk per pending invitation (PostgreSQL): database; tables with indexes and TOAST",
                    kb(num("waiting.disk.fileBytes") / pending) + "; " + kb(num("waiting.disk.tablesBytes") / pending),
                    "", ""));
            rows.add(row("5", "Per pending invitation, biggest tables (pg_total_relation_size)", biggest.toString(), "", ""));
        }
    }

    private static String kb(double bytes) {
        return Double.isNaN(bytes) ? "?" : String.format("%.1f KB", bytes / 1024);
    }

    String markdown(String table) {
        StringBuilder md = new StringBuilder();
        md.append("Machine and settings of the run:\n\n");
        machine.forEach((k, v) -> md.append("- ").append(k).append(": ").append(v).append('\n'));
        md.append('\n').append(table).append('\n');
        md.append("Details:\n\n```\n");
        values.forEach((k, v) -> md.append(k).append(" = ").append(v).append('\n'));
        md.append("```\n");
        return md.toString();
    }

    /** The application's CPU time per item and the share of the machine that other processes used meanwhile. */
    private String cpu(String phase) {
        if (!has(phase + ".cpu.appCpuMillisPerItem")) {
            return "";
        }
        return String.format("; app CPU %.1f ms each (JIT apart: %.0f s); others used %.0f %% of the CPU",
                num(phase + ".cpu.appCpuMillisPerItem"), num(phase + ".cpu.jitCpuSeconds"),
                100 * num(phase + ".cpu.othersCpuShare"));
    }

    private static String[] row(String n, String measure, String result, String goal, String verdict) {
        return new String[] {n, measure, result, goal, verdict};
    }

    private static String verdict(boolean met) {
        return met ? "met" : "NOT met";
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "?" : String.format("%,.0f", v);
    }

    private static String render(List<String[]> rows) {
        StringBuilder out = new StringBuilder("| # | measure | result | goal | |\n|---|---|---|---|---|\n");
        for (String[] r : rows) {
            out.append("| ").append(String.join(" | ", r)).append(" |\n");
        }
        return out.toString();
    }
}
