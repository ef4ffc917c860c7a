package org.credentialcourier.faults;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.credentialcourier.CredentialCourierApplication;
import org.credentialcourier.support.Http;

/**
 * One node of the application in a JVM of its own, started from the test JVM's classpath without packaging: profile
 * {@code postgres} on the test's database, an external SMTP server, its own port and Camunda host name (which the
 * engine writes into the job log, so a test can tell which node executed which job). Its output goes to
 * {@code target/faults/<test>-<node>.log}; a restart appends to the same file.
 */
final class AppNode implements AutoCloseable {

    static final String ADMIN = "faultadmin";
    /** One password per test run; never a secret worth keeping. */
    static final String ADMIN_PASSWORD = "Fault-" + UUID.randomUUID();
    private static final String STARTED = "Started CredentialCourierApplication";

    private final String name;
    private final int port;
    private final Path log;
    private final FaultDatabase database;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private Process process;
    private long logOffset;

    AppNode(String test, String name, FaultDatabase database, SmtpSink smtp, Map<String, String> settings) {
        this.name = name;
        this.port = freePort();
        this.database = database;
        this.log = Faults.dir().resolve(test + "-" + name + ".log");
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        properties.put("spring.profiles.active", "postgres");
        properties.put("server.port", Integer.toString(port));
        properties.put("courier.public-base-url", "http://localhost:" + port);
        properties.put("courier.mail.embedded-smtp.enabled", "false");
        properties.put("spring.mail.host", "127.0.0.1");
        properties.put("spring.mail.port", Integer.toString(smtp.port()));
        properties.put("spring.mail.properties.mail.smtp.ehlo", "false");
        properties.put("camunda.bpm.admin-user.id", ADMIN);
        properties.put("camunda.bpm.admin-user.password", ADMIN_PASSWORD);
        properties.put("camunda.bpm.admin-user.first-name", "Fault");
        properties.put("camunda.bpm.admin-user.last-name", "Admin");
        // the host name goes into ACT_HI_JOB_LOG.HOSTNAME_ with every job the node executes
        properties.put("camunda.bpm.generic-properties.properties.hostname", name);
        // a killed node's jobs stay locked until their lock expires: 30 s instead of Camunda's 5 min
        properties.put("camunda.bpm.job-execution.lock-time-in-millis", "30000");
        // a job that failed for a technical reason (the database away) is tried again soon
        properties.put("courier.jobs.retry-cycle", "R5/PT5S");
        properties.put("spring.main.banner-mode", "off");
        // the tests act from other client addresses through X-Forwarded-For (Http.anonymousFrom): loopback is their proxy
        properties.put("courier.requests.trusted-proxies", "127.0.0.1,::1");
        properties.putAll(settings);
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    Http admin() {
        return Http.as(port, ADMIN, ADMIN_PASSWORD);
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    /** Starts the JVM and waits until the application says it started (the job executor starts right after). */
    AppNode start() {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-Djava.security.egd=file:/dev/./urandom", "-cp", classpath(),
                CredentialCourierApplication.class.getName()));
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        // the database through the environment, as the postgres profile reads it: no password on a command line
        builder.environment().put("COURIER_DB_URL", database.url());
        builder.environment().put("COURIER_DB_USER", database.user());
        builder.environment().put("COURIER_DB_PASSWORD", database.password());
        builder.environment().remove("SPRING_PROFILES_ACTIVE");
        try {
            logOffset = Files.exists(log) ? Files.size(log) : 0;
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Faults.await("node " + name + " to start (log " + log + ")", Duration.ofSeconds(240),
                Duration.ofMillis(500), this::started, () -> process.isAlive() ? "still starting" : "exited");
        return this;
    }

    private boolean started() {
        if (!process.isAlive()) {
            throw new AssertionError("Node " + name + " exited with " + process.exitValue() + " while starting:\n"
                    + tail(60));
        }
        return logSinceStart().contains(STARTED);
    }

    String logSinceStart() {
        try {
            byte[] bytes = Files.readAllBytes(log);
            return new String(bytes, (int) Math.min(logOffset, bytes.length),
                    (int) Math.max(0, bytes.length - logOffset), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Lines of the whole log (every start) that contain {@code text}. */
    List<String> logLines(String text) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(line -> line.contains(text))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /**
     * SIGKILL: {@link Process#destroyForcibly()} is {@code kill(pid, SIGKILL)} on Linux, and the exit value of a
     * process killed by signal 9 is 128 + 9; checked, so the test knows the node had no chance to clean up.
     */
    Instant kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError("Node " + name + " survived SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 137) {
            throw new AssertionError("Node " + name + " ended with " + process.exitValue() + ", not by SIGKILL (137)");
        }
        // the moment the node is known dead, not the moment the signal was asked for: until the kernel delivers it,
        // the node still runs and may finish an SMTP conversation it had begun
        return Instant.now();
    }

    /** A graceful stop (SIGTERM), SIGKILL after 30 s. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The test JVM's classpath without the test classes (their Spring components, such as the suite's
     * {@code Scenario}, would be scanned into the node): the application's classes, resources and dependencies.
     */
    static String classpath() {
        String all = System.getProperty("java.class.path");
        return Arrays.stream(all.split(File.pathSeparator))
                .filter(entry -> !entry.endsWith("test-classes") && !entry.endsWith("test-classes/"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static int freePort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
