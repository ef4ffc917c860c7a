package org.credentialcourier.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU samples of a flight recording went, in a window of it: the share of the samples per thread (digits
 * in thread names folded, so the job executor's threads count as one), per method at the top of the stack, and per
 * method anywhere on the stack (each sample counted once per method). The tables of docs/BENCHMARKS.md that give
 * "share of the samples that include the frame" come from it.
 *
 * <pre>
 * bash bench/run.sh --phases=waiting ... --jvm=-XX:StartFlightRecording=filename=/tmp/app.jfr,settings=profile
 * java -cp bench/target/classes org.credentialcourier.bench.JfrShares /tmp/app.jfr \
 *     --from=2026-12-06T04:37:37Z --to=2026-12-06T04:38:48Z [--thread=JobExecutor] [--frames=org.h2] [--top=40]
 * </pre>
 * The window is the one the benchmark's log gives for the phase (its times are UTC).
 */
public final class JfrShares {

    private JfrShares() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length == 0 || args[0].startsWith("--")) {
            System.err.println("usage: JfrShares <recording.jfr> [--from=<instant>] [--to=<instant>]"
                    + " [--thread=<part of a name>] [--frames=<package or class prefix>] [--top=40]");
            System.exit(2);
        }
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            }
        }
        Instant from = options.containsKey("from") ? Instant.parse(options.get("from")) : Instant.MIN;
        Instant to = options.containsKey("to") ? Instant.parse(options.get("to")) : Instant.MAX;
        String thread = options.get("thread");
        String frames = options.getOrDefault("frames", "");
        int top = Integer.parseInt(options.getOrDefault("top", "40"));

        Map<String, Integer> threads = new HashMap<>();
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> inclusive = new HashMap<>();
        int samples = 0;
        try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
            while (recording.hasMoreEvents()) {
                RecordedEvent event = recording.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (!"jdk.ExecutionSample".equals(event.getEventType().getName()) || stack == null
                        || event.getStartTime().isBefore(from) || event.getStartTime().isAfter(to)) {
                    continue;
                }
                String name = threadName(event.getThread("sampledThread"));
                if (thread != null && !name.contains(thread)) {
                    continue;
                }
                samples++;
                threads.merge(name, 1, Integer::sum);
                List<RecordedFrame> stackFrames = stack.getFrames();
                Set<String> counted = new HashSet<>();
                for (int i = 0; i < stackFrames.size(); i++) {
                    RecordedMethod method = stackFrames.get(i).getMethod();
                    String methodName = method.getType().getName() + "." + method.getName();
                    if (i == 0) {
                        self.merge(methodName, 1, Integer::sum);
                    }
                    if (counted.add(methodName)) {
                        inclusive.merge(methodName, 1, Integer::sum);
                    }
                }
            }
        }
        System.out.printf("%d samples from %s to %s%s%n", samples, from, to,
                thread == null ? "" : " on threads named *" + thread + "*");
        print("threads", threads, samples, top, "");
        print("top of the stack", self, samples, top, "");
        print("anywhere on the stack" + (frames.isEmpty() ? "" : ", " + frames + "*"), inclusive, samples, top, frames);
    }

    private static String threadName(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName();
        return name == null ? "(native)" : name.replaceAll("\\d+", "N");
    }

    private static void print(String title, Map<String, Integer> counts, int samples, int top, String prefix) {
        System.out.println("== " + title);
        counts.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(top)
                .forEach(e -> System.out.printf("%6.1f %% %s%n", 100.0 * e.getValue() / Math.max(1, samples),
                        e.getKey()));
    }
}
