package org.credentialcourier.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

import jakarta.mail.internet.MimeMessage;

import com.fasterxml.jackson.databind.JsonNode;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

/**
 * The benchmark of issue #8. Starts the application jar with a fresh H2 directory and an SMTP server of its own
 * ({@link SmtpSink}), then measures in one run: the engine ceiling, the SMTP ceiling, bulk throughput with the
 * footprint, latency, and waiting at scale; prints a table and writes it into docs/BENCHMARKS.md.
 *
 * <p>Options as {@code --name=value}; see bench/run.sh for the defaults and {@code --help}.
 */
public final class Benchmark {

    static final String INVITATION = "invitation";
    static final String CEILING_MAIL = "bench-smtp-ceiling";
    static final String CEILING_PROCESS = "bench-engine-ceiling";
    static final String CHUNKED_CEILING_PROCESS = "bench-bulk-ceiling";
    static final String EXPIRY_TIMER = "BoundaryEvent_InvitationExpired";
    static final DateTimeFormatter ENGINE_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ");

    private final Map<String, String> options;
    private final int n;
    private final int warmup;
    private final int latencyN;
    private final int waitingN;
    private final int expireN;
    private final int clientThreads;
    private final int smtpThreads;
    private final String runId = Long.toString(System.currentTimeMillis(), 36);
    private final Results results = new Results();
    private final AtomicInteger contactSeq = new AtomicInteger();

    private SmtpSink sink;
    private AppProcess app;
    /** Further nodes on the same PostgreSQL database ({@code --nodes}), for the cluster's job executor settings. */
    private final List<AppProcess> otherNodes = new ArrayList<>();
    private Api api;
    private Sampler sampler;
    private CpuMeter cpu;
    private boolean bulkEndpoints;
    private Path dataDir;
    private Path work;
    /** The H2 URL the application runs with (null on PostgreSQL): the driver connects to it for the disk figures. */
    private String h2Url;
    /** Environment variables of the application beyond the driver's own: README's run command's, with its options. */
    private Map<String, String> appEnvironment = Map.of();

    private Benchmark(Map<String, String> options) {
        this.options = options;
        this.n = intOption("n", 10_000);
        this.warmup = intOption("warmup", 1_000);
        this.latencyN = intOption("latency", 200);
        this.waitingN = intOption("waiting", 100_000);
        this.expireN = intOption("expire", 10_000);
        this.clientThreads = intOption("client-threads", 4);
        this.smtpThreads = intOption("smtp-threads", 4);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        List<String> appArgs = new ArrayList<>();
        List<String> jvmArgs = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help")) {
                System.out.println("options: --jar= --repo= --n=10000 --warmup=1000 --latency=200 --waiting=100000"
                        + " --expire=10000 --client-threads=4 --smtp-threads=4 --phases=engine,chunked,smtp,bulk,latency,waiting"
                        + " --bulk-chunk=100 (chunk size of the chunked ceiling: keep it the application's courier.bulk.chunk-size)"
                        + " --label= --doc=docs/BENCHMARKS.md --db=h2|postgres --nodes=1 (more: postgres only) --smtp-rtt-ms=0 (a network round trip before each SMTP reply)"
                        + " --h2-url-options=;CACHE_SIZE=131072 (added to, or replacing, the settings of the application's own H2 URL)"
                        + " --copies=0 (postgres: the real path adds a (copies+1)th of --waiting, copies of its rows the rest)"
                        + " --copy-batch=5 (copies per statement)"
                        + " --keep-data=false (true: the H2 directory is kept for a look afterwards, not deleted)"
                        + " --quiet=60 (seconds the waiting phase stays idle before measuring the disk again) --chunk=10000 --jvm=<option> (repeatable; none: the JVM's defaults; without it pom.xml's courier.jvm.options)"
                        + " --app=<application argument> (repeatable), e.g. --app=--camunda.bpm.job-execution.max-pool-size=4");
                return;
            }
            if (arg.startsWith("--app=")) {
                appArgs.add(arg.substring("--app=".length()));
            } else if (arg.startsWith("--jvm=")) {
                jvmArgs.add(arg.substring("--jvm=".length()));
            } else if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                throw new IllegalArgumentException("Unknown argument " + arg + " (try --help)");
            }
        }
        Benchmark benchmark = new Benchmark(options);
        try {
            benchmark.run(jvmArgs, appArgs);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
        // GreenMail's and the HTTP client's threads must not keep the driver alive
        System.exit(0);
    }

    private int intOption(String name, int fallback) {
        return Integer.parseInt(options.getOrDefault(name, Integer.toString(fallback)).replace("_", ""));
    }

    private boolean phase(String name) {
        return List.of(options.getOrDefault("phases", "engine,chunked,smtp,bulk,latency,waiting").split(",")).contains(name);
    }

    // ------------------------------------------------------------------------------------------------------------

    private void run(List<String> givenJvmArgs, List<String> appArgs) throws Exception {
        Path repo = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        List<String> jvmArgs = jvmOptions(repo, givenJvmArgs);
        appEnvironment = givenJvmArgs.isEmpty() ? runEnvironment(repo) : Map.of();
        Path jar = Path.of(options.getOrDefault("jar", repo.resolve("target/credential-courier-0.1.0-SNAPSHOT.jar").toString()));
        work = Files.createTempDirectory("courier-bench-");
        dataDir = work.resolve("h2");
        Path logs = repo.resolve("bench/target/logs");
        results.machine(repo, options, jvmArgs, appArgs, n, warmup, latencyN, waitingN, expireN, clientThreads, smtpThreads);
        if (givenJvmArgs.isEmpty()) {
            results.machine("application JVM options from", "pom.xml (courier.jvm.options, environmentVariables): README's run command"
                    + (appEnvironment.isEmpty() ? "" : "; environment " + appEnvironment));
        }

        sink = new SmtpSink(intOption("smtp-rtt-ms", 0));
        try {
            runWithSink(jar, work, logs, jvmArgs, appArgs);
        } finally {
            sink.close();
            if (Boolean.parseBoolean(options.getOrDefault("keep-data", "false"))) {
                System.out.println("kept the application's data (--keep-data): " + work);
            } else {
                deleteTree(work);
            }
        }
    }

    private void runWithSink(Path jar, Path work, Path logs, List<String> jvmArgs, List<String> appArgs)
            throws Exception {
        Path repo = Path.of(options.getOrDefault("repo", ".")).toAbsolutePath().normalize();
        List<String> arguments = new ArrayList<>();
        boolean postgres = "postgres".equals(options.get("db"));
        if (postgres) {
            // the postgres profile has no demo admin and no embedded SMTP server; COURIER_DB_* come from the environment
            arguments.add("--spring.profiles.active=postgres");
            arguments.add("--camunda.bpm.admin-user.id=demo");
            arguments.add("--camunda.bpm.admin-user.password=demo");
        } else {
            h2Url = "jdbc:h2:file:" + dataDir.resolve("courier") + h2UrlOptions(repo);
            arguments.add("--spring.datasource.url=" + h2Url);
            results.put("h2.url", h2Url);
        }
        arguments.add("--courier.mail.embedded-smtp.enabled=false");
        arguments.add("--spring.mail.host=127.0.0.1");
        arguments.add("--spring.mail.port=" + sink.port());
        arguments.add("--spring.mail.properties.mail.smtp.ehlo=false");
        arguments.addAll(appArgs);
        int nodes = intOption("nodes", 1);
        if (nodes > 1 && !postgres) {
            throw new IllegalArgumentException("--nodes=" + nodes + " needs --db=postgres: nodes share one database");
        }
        log("SMTP server (GreenMail, dropping every message after counting it) on 127.0.0.1:%d", sink.port());
        log("starting %s (%s)", jar.getFileName(), postgres ? "PostgreSQL, profile postgres" : "H2 in " + dataDir);
        Path appLog = logs.resolve("app-" + results.stamp() + ".log");
        log("application log: %s", appLog);
        List<String> firstArguments = new ArrayList<>(arguments);
        if (nodes > 1) {
            firstArguments.add("--camunda.bpm.generic-properties.properties.hostname=" + nodeName(1));
        }
        app = AppProcess.start(jar, jvmArgs, appEnvironment, firstArguments, appLog, "demo", "demo");
        api = app.api();
        sampler = new Sampler(app);
        for (int node = 2; node <= nodes; node++) {
            // started after the first, which created the schema: two nodes starting at once on an empty database race
            List<String> nodeArguments = new ArrayList<>(arguments);
            nodeArguments.add("--camunda.bpm.generic-properties.properties.hostname=" + nodeName(node));
            Path nodeLog = logs.resolve("app-" + results.stamp() + "-" + nodeName(node) + ".log");
            otherNodes.add(AppProcess.start(jar, jvmArgs, appEnvironment, nodeArguments, nodeLog, "demo", "demo"));
            log("%s healthy, pid %d, log %s", nodeName(node), otherNodes.get(otherNodes.size() - 1).pid(), nodeLog);
        }
        results.put("nodes", nodes);
        cpu = new CpuMeter(java.util.stream.Stream.concat(java.util.stream.Stream.of(app),
                otherNodes.stream()).mapToLong(AppProcess::pid).toArray());
        sampler.start();
        results.put("startup", app.startupMillis());
        results.put("startup.spring", app.springStarted());
        results.put("rss.afterStartup", app.residentMemory()[0]);
        log("healthy after %d ms (Spring: %s), pid %d, RSS %s", app.startupMillis(), app.springStarted(), app.pid(),
                mb(app.residentMemory()[0]));
        try {
            bulkEndpoints = probeBulkEndpoints();
            results.put("bulk.endpoints", bulkEndpoints);
            log("bulk endpoints %s", bulkEndpoints ? "present: the bulk request is POST /api/invitations/bulk"
                    : "absent: invitations are requested one by one by " + clientThreads + " client threads");
            deployEngineCeiling();
            if (warmup > 0) {
                warmUp();
            }
            if (phase("engine")) {
                results.put("engine", engineCeiling(n));
            }
            if (phase("chunked")) {
                results.put("chunked", chunkedCeiling(n));
            }
            if (phase("smtp")) {
                results.put("smtp", smtpCeiling(n));
            }
            if (phase("bulk")) {
                bulk();
            }
            if (phase("latency")) {
                latency();
            }
            if (phase("waiting")) {
                waiting();
            }
        } finally {
            sampler.stop();
            results.put("rss.hwm.end", app.residentMemory()[1]);
            for (AppProcess node : otherNodes) {
                node.close();
            }
            app.close();
        }
        String table = results.table();
        System.out.println();
        System.out.println(table);
        Path doc = repo.resolve(options.getOrDefault("doc", "docs/BENCHMARKS.md"));
        if (!options.getOrDefault("doc", "").equals("none")) {
            Report.write(doc, results, table);
            log("written to %s", doc);
        }
        Path archive = repo.resolve("bench/target/results/" + results.stamp() + ".md");
        Files.createDirectories(archive.getParent());
        Files.writeString(archive, results.markdown(table));
        log("and to %s", archive);
    }

    // ------------------------------------------------------------------------------------------------------------

    private boolean probeBulkEndpoints() {
        // a dry run writes and sends nothing; without the endpoint the path answers 404 or 405
        int status = api.postJson("/api/invitations/bulk?dryRun=true", Map.of("contactIds", List.of("probe"))).status();
        return status != 404 && status != 405;
    }

    private void deployEngineCeiling() throws IOException {
        byte[] bpmn;
        try (InputStream in = Benchmark.class.getResourceAsStream("/engine-ceiling.bpmn")) {
            bpmn = in.readAllBytes();
        }
        api.deploy("bench-engine-ceiling", "bench-engine-ceiling.bpmn", bpmn).expect(200);
        try (InputStream in = Benchmark.class.getResourceAsStream("/bulk-ceiling.bpmn")) {
            bpmn = in.readAllBytes();
        }
        api.deploy("bench-bulk-ceiling", "bench-bulk-ceiling.bpmn", bpmn).expect(200);
    }

    /** The same three paths at a smaller size, so that the measured runs find a JIT-compiled JVM and warm caches. */
    private void warmUp() throws Exception {
        long t0 = System.nanoTime();
        log("warm-up: %d invitations, %d trivial instances, %d emails", warmup, warmup, warmup);
        inviteNew("warm", warmup, false);
        engineCeiling(warmup);
        if (phase("chunked")) {
            chunkedCeiling(warmup);
        }
        smtpCeiling(warmup);
        results.put("warmup.seconds", seconds(System.nanoTime() - t0));
    }

    // ---- (2) engine ceiling -------------------------------------------------------------------------------------

    private Map<String, Object> engineCeiling(int count) throws Exception {
        String countPath = "/engine-rest/history/process-instance/count?processDefinitionKey=" + CEILING_PROCESS + "&finished=true";
        long before = api.get(countPath).json().path("count").asLong();
        log("engine ceiling: starting %d instances of %s with %d client threads", count, CEILING_PROCESS, clientThreads);
        CpuMeter.Snapshot c0 = cpu.snapshot();
        long t0 = System.currentTimeMillis();
        long n0 = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        parallel(count, clientThreads, i -> {
            if (!api.postJson("/engine-rest/process-definition/key/" + CEILING_PROCESS + "/start", Map.of()).ok()) {
                failures.incrementAndGet();
            }
        });
        long submitted = System.nanoTime() - n0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, count / 20));
        while (api.get(countPath).json().path("count").asLong() < before + count - failures.get()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("engine ceiling: not all instances completed in time");
            }
            Thread.sleep(100);
        }
        CpuMeter.Snapshot c1 = cpu.snapshot();
        JsonNode last = api.get("/engine-rest/history/process-instance?processDefinitionKey=" + CEILING_PROCESS
                + "&finished=true&sortBy=endTime&sortOrder=desc&maxResults=1").json().get(0);
        long end = OffsetDateTime.parse(last.path("endTime").asText(), ENGINE_DATE).toInstant().toEpochMilli();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", count);
        r.put("failures", failures.get());
        r.put("seconds", (end - t0) / 1000.0);
        r.put("perSecond", count / ((end - t0) / 1000.0));
        r.put("submitPerSecond", count / seconds(submitted));
        CpuMeter.usage(c0, c1, count).forEach((k, v) -> r.put("cpu." + k, v));
        log("engine ceiling: %d instances in %.1f s = %.0f/s (starts submitted at %.0f/s; app CPU %.1f ms each, others used %.0f%% of the machine)",
                count, (end - t0) / 1000.0, count / ((end - t0) / 1000.0), count / seconds(submitted),
                r.get("cpu.appCpuMillisPerItem"), 100 * (double) r.get("cpu.othersCpuShare"));
        return r;
    }

    // ---- (2b) engine ceiling, the bulk's way ---------------------------------------------------------------------

    /**
     * The same trivial instances as (2), started the way the bulk starts its invitations: one instance goes through
     * the chunks one after another, each chunk one job that starts {@code --bulk-chunk} (the bulk's chunk size,
     * {@code courier.bulk.chunk-size}) instances inside the engine; each then runs its own asynchronous no-op job. Same
     * job executor and history level as the bulk, so (1) ÷ this says what the invitation path costs beyond the engine.
     */
    private Map<String, Object> chunkedCeiling(int count) throws Exception {
        int chunkSize = intOption("bulk-chunk", 100);
        int chunks = Math.max(1, (count + chunkSize - 1) / chunkSize);
        int total = chunks * chunkSize;
        String countPath = "/engine-rest/history/process-instance/count?processDefinitionKey=" + CEILING_PROCESS + "&finished=true";
        long before = api.get(countPath).json().path("count").asLong();
        log("engine ceiling, the bulk's way: %d chunks of %d instances of %s, one job per chunk", chunks, chunkSize,
                CEILING_PROCESS);
        CpuMeter.Snapshot c0 = cpu.snapshot();
        long t0 = System.currentTimeMillis();
        api.postJson("/engine-rest/process-definition/key/" + CHUNKED_CEILING_PROCESS + "/start", Map.of("variables",
                Map.of("chunkSize", Map.of("value", chunkSize, "type", "Integer"),
                        "chunksLeft", Map.of("value", chunks, "type", "Integer")))).expect(200);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(120, total / 20));
        while (api.get(countPath).json().path("count").asLong() < before + total) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("chunked engine ceiling: not all instances completed in time");
            }
            Thread.sleep(100);
        }
        CpuMeter.Snapshot c1 = cpu.snapshot();
        JsonNode last = api.get("/engine-rest/history/process-instance?processDefinitionKey=" + CEILING_PROCESS
                + "&finished=true&sortBy=endTime&sortOrder=desc&maxResults=1").json().get(0);
        long end = OffsetDateTime.parse(last.path("endTime").asText(), ENGINE_DATE).toInstant().toEpochMilli();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", total);
        r.put("chunkSize", chunkSize);
        r.put("seconds", (end - t0) / 1000.0);
        r.put("perSecond", total / ((end - t0) / 1000.0));
        CpuMeter.usage(c0, c1, total).forEach((k, v) -> r.put("cpu." + k, v));
        log("engine ceiling, the bulk's way: %d instances in %.1f s = %.0f/s (app CPU %.1f ms each, others used %.0f%% of the machine)",
                total, (end - t0) / 1000.0, total / ((end - t0) / 1000.0), r.get("cpu.appCpuMillisPerItem"),
                100 * (double) r.get("cpu.othersCpuShare"));
        return r;
    }

    // ---- (3) SMTP ceiling ---------------------------------------------------------------------------------------

    private Map<String, Object> smtpCeiling(int count) throws Exception {
        SmtpSink.Sample sample = sink.sample();
        if (sample == null) {
            sample = new SmtpSink.Sample("You are invited", "Hello,\n\nset your password here: http://localhost/activate?token="
                    + "x".repeat(43) + "\n", "<html><body><p>Hello,</p><p><a href=\"http://localhost/activate?token="
                    + "x".repeat(43) + "\">Set your password</a></p></body></html>", 0);
        }
        JavaMailSenderImpl sender = new JavaMailSenderImpl();
        sender.setHost("127.0.0.1");
        sender.setPort(sink.port());
        sender.setDefaultEncoding("UTF-8");
        Properties properties = new Properties();
        // as the application sends: HELO (GreenMail answers a multi-line EHLO slowly), one connection per message
        properties.put("mail.smtp.ehlo", "false");
        properties.put("mail.smtp.connectiontimeout", "5000");
        properties.put("mail.smtp.timeout", "10000");
        properties.put("mail.smtp.writetimeout", "10000");
        sender.setJavaMailProperties(properties);
        SmtpSink.Sample content = sample;
        int from = sink.size();
        log("SMTP ceiling: %d messages through JavaMailSender, one connection each, %d threads", count, smtpThreads);
        CpuMeter.Snapshot c0 = cpu.snapshot();
        long n0 = System.nanoTime();
        AtomicInteger failures = new AtomicInteger();
        parallel(count, smtpThreads, i -> {
            try {
                MimeMessage message = sender.createMimeMessage();
                MimeMessageHelper helper = new MimeMessageHelper(message, MimeMessageHelper.MULTIPART_MODE_MIXED_RELATED, "UTF-8");
                helper.setFrom("Credential Courier <no-reply@credential-courier.local>");
                helper.setTo("ceiling-" + runId + "-" + i + "@example.org");
                helper.setSubject(content.subject());
                helper.setText(content.text(), content.html());
                message.setHeader("X-Courier-Template", CEILING_MAIL);
                message.setHeader("X-Courier-Invitation-Id", UUID.randomUUID().toString());
                sender.send(message);
            } catch (Exception e) {
                failures.incrementAndGet();
            }
        });
        SmtpSink.Received last = sink.awaitCount(from, CEILING_MAIL, count - failures.get(),
                System.nanoTime() + TimeUnit.SECONDS.toNanos(60));
        if (last == null) {
            throw new IllegalStateException("SMTP ceiling: messages missing at the server");
        }
        CpuMeter.Snapshot c1 = cpu.snapshot();
        double s = seconds(last.nanos() - n0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", count);
        r.put("failures", failures.get());
        r.put("seconds", s);
        r.put("perSecond", count / s);
        r.put("threads", smtpThreads);
        r.put("messageBytes", content.size());
        CpuMeter.usage(c0, c1, count).forEach((k, v) -> r.put("cpu." + k, v));
        log("SMTP ceiling: %d messages in %.1f s = %.0f/s (driver CPU %.1f s, others used %.0f%% of the machine)", count, s,
                count / s, r.get("cpu.driverCpuSeconds"), 100 * (double) r.get("cpu.othersCpuShare"));
        return r;
    }

    // ---- (1) bulk throughput and (6) footprint -----------------------------------------------------------------

    private void bulk() throws Exception {
        sampler.window("bulk");
        Map<String, Object> r = inviteNew("bulk", n, true);
        Sampler.Peak peak = sampler.window(null);
        r.put("rss.peak", peak.rss());
        r.put("heap.peak", peak.heapUsed());
        r.put("heap.committed.peak", peak.heapCommitted());
        r.put("rss.hwm", app.residentMemory()[1]);
        if (!otherNodes.isEmpty()) {
            Map<String, Long> jobs = new LinkedHashMap<>();
            for (int node = 1; node <= otherNodes.size() + 1; node++) {
                jobs.put(nodeName(node), api.get("/engine-rest/history/job-log/count?successLog=true&hostname="
                        + nodeName(node)).json().path("count").asLong());
            }
            r.put("jobsByNode", jobs);
            log("successful jobs by node since the start: %s", jobs);
        }
        results.put("bulk", r);
        log("footprint during the bulk: RSS peak %s (VmHWM %s), heap used peak %s (committed %s)", mb(peak.rss()),
                mb(app.residentMemory()[1]), mb(peak.heapUsed()), mb(peak.heapCommitted()));
    }

    /** The host name each node writes into the job log; the first node's is set with the others' arguments. */
    private static String nodeName(int node) {
        return "node-" + node;
    }

    /**
     * Creates {@code count} contacts (not timed), then invites all of them with one bulk request (or, while the bulk
     * endpoints are absent, with one request per contact from several client threads), and times from the (first)
     * request to the moment the SMTP server accepted the last of the invitation emails.
     */
    private Map<String, Object> inviteNew(String tag, int count, boolean report) throws Exception {
        long contacts0 = System.nanoTime();
        List<String> ids = createContacts(tag, count);
        double contactSeconds = seconds(System.nanoTime() - contacts0);
        log("%s: %d contacts created in %.1f s; inviting them", tag, count, contactSeconds);
        int from = sink.size();
        CpuMeter.Snapshot c0 = cpu.snapshot();
        long t0 = System.nanoTime();
        String bulkId = null;
        AtomicInteger failures = new AtomicInteger();
        if (bulkEndpoints) {
            Api.Response response = ids != null
                    ? api.postJson("/api/invitations/bulk", Map.of("contactIds", ids))
                    : api.postJson("/api/invitations/bulk", Map.of("filter", Map.of("accountStatus", "none")));
            response.expect(202);
            bulkId = bulkId(response);
        } else {
            parallel(count, clientThreads, i -> {
                if (!api.postJson("/api/invitations", Map.of("contactId", ids.get(i))).ok()) {
                    failures.incrementAndGet();
                }
            });
        }
        double requestSeconds = seconds(System.nanoTime() - t0);
        SmtpSink.Received last = sink.awaitCount(from, INVITATION, count - failures.get(),
                t0 + TimeUnit.SECONDS.toNanos(Math.max(300, count / 10)));
        if (last == null) {
            throw new IllegalStateException(tag + ": only " + sink.count(from, INVITATION) + " of " + count
                    + " invitation emails arrived in time; see " + app.log());
        }
        CpuMeter.Snapshot c1 = cpu.snapshot();
        double s = seconds(last.nanos() - t0);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", count);
        r.put("failures", failures.get());
        r.put("seconds", s);
        r.put("perSecond", count / s);
        r.put("requestSeconds", requestSeconds);
        r.put("contactSeconds", contactSeconds);
        CpuMeter.usage(c0, c1, count).forEach((k, v) -> r.put("cpu." + k, v));
        r.put("distinctInvitations", sink.since(from).stream().filter(x -> INVITATION.equals(x.template()))
                .map(SmtpSink.Received::invitationId).distinct().count());
        if (bulkId != null) {
            JsonNode status = awaitBulk(bulkId);
            r.put("bulkStatus", "total " + status.path("total").asInt() + ", invited " + status.path("invited").asInt()
                    + ", skipped " + status.path("skipped").asInt() + ", failed " + status.path("failed").asInt()
                    + ", finished " + status.path("finished").asBoolean());
        }
        log("%s: %d invitations in %.1f s = %.0f/s (request %.2f s; app CPU %.1f ms each, others used %.0f%% of the machine)",
                tag, count, s, count / s, requestSeconds, r.get("cpu.appCpuMillisPerItem"),
                100 * (double) r.get("cpu.othersCpuShare"));
        return r;
    }

    /** The run's id: {@code bulkId}, or {@code id} of the run the answer shows. */
    private static String bulkId(Api.Response response) {
        JsonNode id = response.json().path("bulkId");
        return id.isMissingNode() || id.isNull() ? response.json().path("id").asText() : id.asText();
    }

    private JsonNode awaitBulk(String bulkId) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(600);
        JsonNode status;
        do {
            status = api.get("/api/bulk/" + bulkId).json();
            if (status.path("finished").asBoolean()) {
                return status;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        return status;
    }

    /** Contacts without an invitation: ids when created one by one, null when imported in bulk. */
    private List<String> createContacts(String tag, int count) throws Exception {
        List<String> emails = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            emails.add(tag + "-" + runId + "-" + contactSeq.incrementAndGet() + "@example.org");
        }
        if (bulkEndpoints && options.getOrDefault("contacts", "import").equals("import")) {
            importContacts(emails);
            return null;
        }
        String[] ids = new String[count];
        parallel(count, clientThreads, i -> ids[i] = createContact(emails.get(i)));
        return List.of(ids);
    }

    private String createContact(String email) {
        return api.postJson("/api/contacts", Map.of("email", email, "firstName", "Bench", "lastName",
                "Contact", "locale", "en")).expect(201).json().path("id").asText();
    }

    private void importContacts(List<String> emails) throws InterruptedException {
        for (int start = 0; start < emails.size(); start += 10_000) {
            StringBuilder csv = new StringBuilder("email,firstName,lastName,locale\n");
            for (String email : emails.subList(start, Math.min(emails.size(), start + 10_000))) {
                csv.append(email).append(",Bench,Contact,en\n");
            }
            Api.Response response = api.post("/api/contacts/import?invite=false", "text/csv", csv.toString()).expect(202);
            JsonNode status = awaitBulk(bulkId(response));
            if (status.path("skipped").asInt() > 0) {
                throw new IllegalStateException("contact import skipped rows: " + status);
            }
        }
    }

    // ---- (4) latency --------------------------------------------------------------------------------------------

    private void latency() throws Exception {
        List<String> emails = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < latencyN; i++) {
            String email = "latency-" + runId + "-" + i + "@example.org";
            emails.add(email);
            ids.add(createContact(email));
        }
        log("latency: %d invitations one after another", latencyN);
        List<Long> latencies = new ArrayList<>();
        List<Long> calls = new ArrayList<>();
        for (int i = 0; i < latencyN; i++) {
            long[] one = inviteOne(ids.get(i), emails.get(i));
            latencies.add(one[0]);
            calls.add(one[1]);
        }
        Map<String, Object> r = percentiles(latencies);
        r.put("call.p50", percentile(calls, 50));
        r.put("call.p95", percentile(calls, 95));
        results.put("latency", r);
        log("latency: p50 %d ms, p95 %d ms, p99 %d ms, max %d ms (REST call alone p50 %d ms)", r.get("p50"), r.get("p95"),
                r.get("p99"), r.get("max"), r.get("call.p50"));
    }

    /** Invites one contact and waits for its email: {total millis, REST call millis}. */
    private long[] inviteOne(String contactId, String email) throws Exception {
        return inviteOne(contactId, email, 120);
    }

    private long[] inviteOne(String contactId, String email, int timeoutSeconds) throws Exception {
        CompletableFuture<SmtpSink.Received> arrival = sink.expect(email);
        long t0 = System.nanoTime();
        api.postJson("/api/invitations", Map.of("contactId", contactId)).expect(201);
        long call = System.nanoTime() - t0;
        SmtpSink.Received received = arrival.get(timeoutSeconds, TimeUnit.SECONDS);
        return new long[] {TimeUnit.NANOSECONDS.toMillis(received.nanos() - t0), TimeUnit.NANOSECONDS.toMillis(call)};
    }

    // ---- (5) waiting at scale -----------------------------------------------------------------------------------

    private void waiting() throws Exception {
        Map<String, Object> r = new LinkedHashMap<>();
        String timerCount = "/engine-rest/job/count?activityId=" + EXPIRY_TIMER;
        int copies = intOption("copies", 0);
        if (copies > 0 && !"postgres".equals(options.get("db"))) {
            throw new IllegalArgumentException("--copies needs --db=postgres");
        }
        long t0 = System.nanoTime();
        // the H2 file's largest size while invitations are added: the disk the application needs while it runs
        AtomicLong peakFile = new AtomicLong();
        java.util.concurrent.ScheduledExecutorService fileSampler = Executors.newSingleThreadScheduledExecutor();
        if (h2Url != null) {
            fileSampler.scheduleAtFixedRate(() -> peakFile.accumulateAndGet(DiskUsage.h2FileSize(dataDir), Math::max),
                    0, 500, TimeUnit.MILLISECONDS);
        }
        // with --copies, the real path makes the template, a (copies + 1)th of the count, and the copies the rest
        int added = topUp(timerCount, copies > 0 ? waitingN / (copies + 1) : waitingN);
        if (copies > 0) {
            awaitNothingDue();
            long c0 = System.nanoTime();
            try (java.sql.Connection c = postgresConnection()) {
                PendingCopies.copy(c, copies, intOption("copy-batch", 5)).forEach((k, v) -> r.put("copy." + k, v));
            }
            r.put("copy.wallSeconds", seconds(System.nanoTime() - c0));
            log("waiting: %d copies of the template in %.0f s", copies, seconds(System.nanoTime() - c0));
            added += topUp(timerCount, waitingN);
        }
        fileSampler.shutdownNow();
        r.put("topUp.count", added);
        r.put("topUp.seconds", seconds(System.nanoTime() - t0));
        long pending = api.get(timerCount).json().path("count").asLong();
        r.put("pending", pending);
        Thread.sleep(2_000);
        long dbBytes = "postgres".equals(options.get("db")) ? postgresSize() : AppProcess.directorySize(dataDir);
        r.put("dbBytes", dbBytes);
        log("waiting: %d pending invitations, H2 files %s", pending, mb(dbBytes));
        if (h2Url != null) {
            r.put("disk.peakFileBytes", peakFile.get());
            DiskUsage.h2(h2Url, dataDir, work).forEach((k, v) -> r.put("disk." + k, v));
            log("waiting: H2 file %s (peak while adding %s), live %s after SHUTDOWN COMPACT of a copy, rows %s",
                    mb((long) r.get("disk.fileBytes")), mb(peakFile.get()), mb((long) r.get("disk.compactBytes")),
                    mb((long) r.get("disk.liveRowsBytes")));
            int quiet = intOption("quiet", 60);
            if (quiet > 0) {
                Thread.sleep(quiet * 1000L);
                r.put("disk.quietSeconds", quiet);
                r.put("disk.quietFileBytes", DiskUsage.h2FileSize(dataDir));
                log("waiting: H2 file %s after %d quiet seconds", mb((long) r.get("disk.quietFileBytes")), quiet);
            }
        } else if ("postgres".equals(options.get("db"))) {
            try (java.sql.Connection c = postgresConnection()) {
                DiskUsage.postgres(c).forEach((k, v) -> r.put("disk." + k, v));
            } catch (java.sql.SQLException e) {
                log("table sizes not available: %s", e.getMessage());
            }
        }

        // the job acquisition's query on the live database, with nothing due (item 2 of issue 18 asks for its plan)
        putIfPresent(r, "acquisition.idle", planOfAcquisition("with nothing due"));

        // fresh contacts for invitations during the expiry, created before it starts
        List<String> freshEmails = new ArrayList<>();
        List<String> freshIds = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            String email = "fresh-" + runId + "-" + i + "@example.org";
            freshEmails.add(email);
            freshIds.add(createContact(email));
        }

        // the expiry timers of the oldest expireN invitations are moved to one instant T, through the engine's API
        JsonNode jobs = api.get("/engine-rest/job?activityId=" + EXPIRY_TIMER
                + "&sortBy=jobDueDate&sortOrder=asc&firstResult=0&maxResults=" + expireN).json();
        List<String> jobIds = new ArrayList<>();
        jobs.forEach(j -> jobIds.add(j.path("id").asText()));
        String expiredMetric = "courier_invitations_total";
        double expiredBefore = AppProcess.metric(api.get("/actuator/prometheus").body(), expiredMetric, "outcome=\"expired\"");
        long probe0 = System.nanoTime();
        int probe = Math.min(100, jobIds.size());
        String far = ENGINE_DATE.format(OffsetDateTime.now(ZoneOffset.UTC).plusDays(30));
        // the first hundred also tell how long the rest will take: they are moved far away and back below
        parallel(probe, clientThreads, i -> setDueDate(jobIds.get(i), far));
        double perCall = seconds(System.nanoTime() - probe0) / Math.max(1, probe);
        long marginMillis = (long) (perCall * jobIds.size() * 1000 * 1.5) + 5_000;
        OffsetDateTime due = OffsetDateTime.now(ZoneOffset.UTC).plusNanos(TimeUnit.MILLISECONDS.toNanos(marginMillis));
        long dueEpoch = due.toInstant().toEpochMilli();
        String dueText = ENGINE_DATE.format(due);
        long u0 = System.nanoTime();
        parallel(jobIds.size(), clientThreads, i -> setDueDate(jobIds.get(i), dueText));
        double updateSeconds = seconds(System.nanoTime() - u0);
        long slack = dueEpoch - System.currentTimeMillis();
        r.put("expire.count", jobIds.size());
        r.put("expire.rescheduleSeconds", updateSeconds);
        r.put("expire.rescheduledBeforeDue", slack > 0);
        log("waiting: %d expiry timers moved to %s in %.1f s (%d ms before they fall due)", jobIds.size(), dueText,
                updateSeconds, slack);
        if (slack > 0) {
            Thread.sleep(slack);
        }
        CpuMeter.Snapshot c0 = cpu.snapshot();
        // and once more two seconds into the burst, with thousands of timers due
        ScheduledExecutorService planner = Executors.newSingleThreadScheduledExecutor();
        Future<String> burstPlan = planner.schedule(() -> planOfAcquisition("two seconds into the burst"), 2,
                TimeUnit.SECONDS);
        planner.shutdown();

        // while they fire: fresh invitations one after another, and the count of expired invitations
        AtomicLong expiredAt = new AtomicLong();
        List<Long> fresh = Collections.synchronizedList(new ArrayList<>());
        ExecutorService freshRunner = Executors.newSingleThreadExecutor();
        AtomicInteger freshIndex = new AtomicInteger();
        Future<?> freshLoop = freshRunner.submit(() -> {
            while (expiredAt.get() == 0 && freshIndex.get() < freshIds.size()) {
                int i = freshIndex.getAndIncrement();
                try {
                    // every invitation started while the timers fire counts, however late its email arrives
                    // the wait may last as long as the whole burst: up to 15 minutes
                    long[] one = inviteOne(freshIds.get(i), freshEmails.get(i), 900);
                    fresh.add(one[0]);
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    log("fresh invitation failed: %s", e);
                }
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Math.max(300, expireN / 10));
        double expired = 0;
        while (System.nanoTime() < deadline) {
            expired = AppProcess.metric(api.get("/actuator/prometheus").body(), expiredMetric, "outcome=\"expired\"")
                    - expiredBefore;
            if (expired >= jobIds.size()) {
                expiredAt.set(System.currentTimeMillis());
                break;
            }
            Thread.sleep(100);
        }
        CpuMeter.Snapshot c1 = cpu.snapshot();
        CpuMeter.usage(c0, c1, jobIds.size()).forEach((k, v) -> r.put("expire.cpu." + k, v));
        freshLoop.get(960, TimeUnit.SECONDS);
        freshRunner.shutdown();
        if (expiredAt.get() == 0) {
            throw new IllegalStateException("waiting: only " + expired + " of " + jobIds.size() + " invitations expired in time");
        }
        double s = (expiredAt.get() - dueEpoch) / 1000.0;
        r.put("expire.seconds", s);
        r.put("expire.perSecond", jobIds.size() / s);
        Map<String, Object> freshStats = percentiles(fresh);
        freshStats.forEach((k, v) -> r.put("fresh." + k, v));
        putIfPresent(r, "acquisition.burst", burstPlan.get(60, TimeUnit.SECONDS));
        if (copies > 0) {
            // the copies are alive: among the invitations that expired, how many were copies, and no incident
            try (java.sql.Connection c = postgresConnection(); java.sql.Statement st = c.createStatement();
                 java.sql.ResultSet rs = st.executeQuery("select count(*), count(*) filter (where c.email ~ '[+]c[0-9]+@'),"
                         + " (select count(*) from act_ru_incident) from invitation i join contact c on c.id = i.contact_id"
                         + " where i.status = 'EXPIRED'")) {
                rs.next();
                r.put("copy.expired", rs.getLong(1));
                r.put("copy.expiredCopies", rs.getLong(2));
                r.put("copy.incidents", rs.getLong(3));
                log("waiting: %d invitations expired, %d of them copies; %d incidents", rs.getLong(1), rs.getLong(2),
                        rs.getLong(3));
            }
        }
        results.put("waiting", r);
        log("waiting: %d invitations expired in %.1f s = %.0f/s; fresh invitations meanwhile (%d): p50 %s ms, p95 %s ms",
                jobIds.size(), s, jobIds.size() / s, fresh.size(), freshStats.get("p50"), freshStats.get("p95"));
    }

    /** Adds invitations through the real path (bulk runs of {@code --chunk}) until {@code target} are pending. */
    private int topUp(String timerCount, long target) throws Exception {
        long pending = api.get(timerCount).json().path("count").asLong();
        int missing = (int) Math.max(0, target - pending);
        log("waiting: %d invitations pending; adding %d through the same path as the bulk", pending, missing);
        int chunk = intOption("chunk", 10_000);
        for (int done = 0; done < missing; done += chunk) {
            inviteNew("wait", Math.min(chunk, missing - done), false);
            log("waiting: %d pending", api.get(timerCount).json().path("count").asLong());
        }
        return missing;
    }

    /** Waits until no job is due or locked: the emails sent, every invitation at rest at its timers. */
    private void awaitNothingDue() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        try (java.sql.Connection c = postgresConnection(); java.sql.Statement s = c.createStatement()) {
            while (true) {
                try (java.sql.ResultSet rs = s.executeQuery("select count(*) from act_ru_job where lock_owner_ is"
                        + " not null or duedate_ is null or duedate_ <= now() + interval '1 minute'")) {
                    rs.next();
                    if (rs.getLong(1) == 0) {
                        return;
                    }
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException(rs.getLong(1) + " jobs still due or running after 10 minutes");
                    }
                }
                Thread.sleep(1_000);
            }
        }
    }

    /**
     * The application's JVM options: those given with {@code --jvm}, none at all with {@code --jvm=none} (the JVM's own
     * ergonomics, the baseline of the footprint rows), and otherwise the README run command's defaults, the property
     * {@code courier.jvm.options} of the commit's own pom.xml, so that a run measures what a newcomer starts.
     */
    static List<String> jvmOptions(Path repo, List<String> given) throws IOException {
        if (given.equals(List.of("none"))) {
            return List.of();
        }
        if (!given.isEmpty()) {
            return given;
        }
        Path pom = repo.resolve("pom.xml");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("<courier.jvm.options>([^<]*)</courier.jvm.options>")
                .matcher(Files.exists(pom) ? Files.readString(pom) : "");
        return m.find() ? List.of(m.group(1).strip().split("\\s+")) : List.of();
    }

    /** The {@code environmentVariables} that pom.xml gives spring-boot-maven-plugin, i.e. README's run command. */
    static Map<String, String> runEnvironment(Path repo) throws IOException {
        Path pom = repo.resolve("pom.xml");
        java.util.regex.Matcher block = java.util.regex.Pattern.compile("<environmentVariables>(.*?)</environmentVariables>",
                java.util.regex.Pattern.DOTALL).matcher(Files.exists(pom) ? Files.readString(pom) : "");
        Map<String, String> environment = new LinkedHashMap<>();
        if (block.find()) {
            java.util.regex.Matcher variable = java.util.regex.Pattern.compile("<([A-Za-z_][A-Za-z0-9_]*)>([^<]*)</\\1>")
                    .matcher(block.group(1));
            while (variable.find()) {
                environment.put(variable.group(1), variable.group(2).strip());
            }
        }
        return environment;
    }

    /**
     * The settings of the application's own H2 URL ({@code spring.datasource.url} in application.yaml, so that a run
     * measures the defaults of the commit it runs), with {@code AUTO_SERVER=TRUE} (the driver connects for the disk
     * figures, and without {@code DB_CLOSE_ON_EXIT}, which H2 does not allow beside it) and {@code --h2-url-options}
     * added or replacing a setting of the same name.
     */
    private String h2UrlOptions(Path repo) throws IOException {
        Map<String, String> settings = new LinkedHashMap<>();
        Path yaml = repo.resolve("src/main/resources/application.yaml");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("url: jdbc:h2:file:[^;\\s]*(;\\S*)")
                .matcher(Files.exists(yaml) ? Files.readString(yaml) : "");
        String own = m.find() ? m.group(1) : ";AUTO_SERVER=FALSE";
        for (String part : (own + ";AUTO_SERVER=TRUE" + options.getOrDefault("h2-url-options", "")).split(";")) {
            if (part.contains("=")) {
                settings.put(part.substring(0, part.indexOf('=')).toUpperCase(), part.substring(part.indexOf('=') + 1));
            }
        }
        // H2 refuses AUTO_SERVER=TRUE together with DB_CLOSE_ON_EXIT=FALSE ("Feature not supported"): the automatic
        // server closes the database with the last connection, which is what the application's setting is for
        settings.remove("DB_CLOSE_ON_EXIT");
        StringBuilder url = new StringBuilder();
        settings.forEach((k, v) -> url.append(';').append(k).append('=').append(v));
        return url.toString();
    }

    private static void putIfPresent(Map<String, Object> r, String key, Object value) {
        if (value != null) {
            r.put(key, value);
        }
    }

    /**
     * The plan and time of the job acquisition's query ({@code explain analyze}, the application's jobs per
     * acquisition), read on the application's own database while it runs; null, and a line in the log, if it fails.
     */
    private String planOfAcquisition(String when) {
        boolean postgres = "postgres".equals(options.get("db"));
        int limit = postgres ? 6 : 20;
        try (java.sql.Connection c = postgres ? postgresConnection() : java.sql.DriverManager.getConnection(h2Url, "sa", "")) {
            String plan = AcquisitionQuery.livePlan(c, postgres, limit);
            log("waiting: the acquisition query %s: %s", when, plan);
            return plan;
        } catch (java.sql.SQLException | RuntimeException e) {
            log("waiting: the acquisition query %s: no plan (%s)", when, e.getMessage());
            return null;
        }
    }

    /** A connection to the database in COURIER_DB_URL, as the application's profile postgres connects. */
    private static java.sql.Connection postgresConnection() throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection(System.getenv("COURIER_DB_URL"), System.getenv("COURIER_DB_USER"),
                System.getenv("COURIER_DB_PASSWORD"));
    }

    /** pg_database_size of the database in COURIER_DB_URL (the optional PostgreSQL run). */
    private static long postgresSize() {
        try (java.sql.Connection c = postgresConnection();
             java.sql.ResultSet rs = c.createStatement().executeQuery("select pg_database_size(current_database())")) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (java.sql.SQLException e) {
            log("database size not available: %s", e.getMessage());
            return 0;
        }
    }

    private void setDueDate(String jobId, String due) {
        api.putJson("/engine-rest/job/" + jobId + "/duedate", Map.of("duedate", due, "cascade", false)).expect(204);
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void parallel(int count, int threads, IntConsumer task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.accept(i);
                }
                return null;
            }));
        }
        try {
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static Map<String, Object> percentiles(List<Long> values) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("count", values.size());
        r.put("p50", percentile(values, 50));
        r.put("p95", percentile(values, 95));
        r.put("p99", percentile(values, 99));
        r.put("max", values.isEmpty() ? 0L : Collections.max(values));
        return r;
    }

    /** Nearest-rank percentile. */
    static long percentile(List<Long> values, int p) {
        if (values.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String mb(long bytes) {
        return String.format("%.0f MB", bytes / 1024.0 / 1024.0);
    }

    static void log(String format, Object... args) {
        System.out.printf("[bench %s] %s%n", java.time.LocalTime.now().withNano(0), String.format(format, args));
        System.out.flush();
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    static String readable(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
