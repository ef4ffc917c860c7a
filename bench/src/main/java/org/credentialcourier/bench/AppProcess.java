package org.credentialcourier.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The application under test: {@code java -jar} in a JVM of its own, with its own fresh H2 directory, its log in a
 * file. Knows its start-up time, resident memory (from /proc) and heap (from /actuator/prometheus).
 */
final class AppProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final Api api;
    private final long startupMillis;
    private final String springStarted;

    private AppProcess(Process process, Path log, Api api, long startupMillis, String springStarted) {
        this.process = process;
        this.log = log;
        this.api = api;
        this.startupMillis = startupMillis;
        this.springStarted = springStarted;
    }

    static AppProcess start(Path jar, List<String> jvmOptions, java.util.Map<String, String> environment,
                            List<String> appArguments, Path log, String user, String password)
            throws IOException, InterruptedException {
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.addAll(appArguments);
        Files.createDirectories(log.getParent());
        Files.writeString(log, "");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        Files.writeString(log.resolveSibling(log.getFileName() + ".command"), String.join(" ", command) + "\n");
        long t0 = System.nanoTime();
        Process process = builder.start();
        Api api = new Api("http://127.0.0.1:" + port, user, password);
        long deadline = t0 + TimeUnit.SECONDS.toNanos(180);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("The application exited during start-up (" + process.exitValue()
                        + "); see " + log);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("The application was not healthy after 180 s; see " + log);
            }
            try {
                Api.Response health = api.getAnonymous("/actuator/health");
                if (health.status() == 200 && health.body().contains("\"UP\"")) {
                    break;
                }
            } catch (IllegalStateException notYet) {
                // connection refused while starting
            }
            Thread.sleep(50);
        }
        long startup = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        // health answers once the web server runs; the job executor starts only after Spring's "Started" line
        String started = null;
        Pattern line = Pattern.compile("Started \\w+ in ([0-9.]+) seconds \\(process running for ([0-9.]+)\\)");
        while (started == null && System.nanoTime() < deadline && process.isAlive()) {
            Matcher m = line.matcher(Files.readString(log));
            if (m.find()) {
                started = m.group(1) + " s (process running for " + m.group(2) + " s)";
            } else {
                Thread.sleep(100);
            }
        }
        return new AppProcess(process, log, api, startup, started);
    }

    Api api() {
        return api;
    }

    long pid() {
        return process.pid();
    }

    long startupMillis() {
        return startupMillis;
    }

    /** Spring Boot's own "Started ... in" line, for reference. */
    String springStarted() {
        return springStarted;
    }

    Path log() {
        return log;
    }

    boolean alive() {
        return process.isAlive();
    }

    /** VmRSS and VmHWM in bytes, from /proc/&lt;pid&gt;/status; zeros when not on Linux. */
    long[] residentMemory() {
        long rss = 0;
        long hwm = 0;
        try (Stream<String> lines = Files.lines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.startsWith("VmRSS:")) {
                    rss = kb(line);
                } else if (line.startsWith("VmHWM:")) {
                    hwm = kb(line);
                }
            }
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
        return new long[] {rss, hwm};
    }

    private static long kb(String line) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
    }

    /** Heap used and committed in bytes (all heap pools), from the application's Prometheus endpoint. */
    long[] heap() {
        Api.Response r = api.get("/actuator/prometheus");
        if (r.status() != 200) {
            return new long[] {0, 0};
        }
        return new long[] {sum(r.body(), "jvm_memory_used_bytes"), sum(r.body(), "jvm_memory_committed_bytes")};
    }

    /** A counter or gauge of the Prometheus text format, summed over the series that match {@code labels}. */
    static double metric(String body, String name, String labels) {
        double total = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") && (labels == null || line.contains(labels))) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    private static long sum(String body, String name) {
        return (long) metric(body, name, "area=\"heap\"");
    }

    /** The size of every file under the directory, in bytes. */
    static long directorySize(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> {
                try {
                    return Files.size(p);
                } catch (IOException e) {
                    return 0;
                }
            }).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
