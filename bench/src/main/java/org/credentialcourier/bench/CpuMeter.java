package org.credentialcourier.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * CPU time over a measured window: the application's (from /proc/&lt;pid&gt;/stat), the driver's own (its SMTP server
 * and HTTP clients), and the whole machine's (from /proc/stat). What the machine spent beyond those two is other
 * people's work on a shared machine: the report shows it, so a figure taken on a busy machine reads as such, and
 * the application's CPU time per item compares runs even when wall-clock figures do not.
 */
final class CpuMeter {

    /** Linux reports process and machine CPU time in clock ticks of 1/100 s (USER_HZ) on every common platform. */
    private static final double TICK_MILLIS = 10.0;

    record Snapshot(long nanos, double appMillis, double jitMillis, double driverMillis, double machineBusyMillis,
                    double machineMillis) {
    }

    /** One application JVM, or each node of a cluster on this machine: their CPU time is added up. */
    private final long[] pids;

    CpuMeter(long... pids) {
        this.pids = pids.clone();
    }

    Snapshot snapshot() {
        double app = 0;
        double jit = 0;
        for (long pid : pids) {
            app += ticks(Path.of("/proc", Long.toString(pid), "stat"));
            jit += jitTicks(pid);
        }
        double driver = 0;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            driver = os.getProcessCpuTime() / 1e6;
        }
        double busy = 0;
        double total = 0;
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            for (int i = 1; i < f.length && i <= 8; i++) {
                long v = Long.parseLong(f[i]);
                total += v;
                if (i != 4 && i != 5) { // idle, iowait
                    busy += v;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return new Snapshot(System.nanoTime(), app, jit, driver, busy * TICK_MILLIS, total * TICK_MILLIS);
    }

    /** The JIT compiler's threads: their work fades as the JVM warms up, so it is counted apart. */
    private static double jitTicks(long pid) {
        double jit = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    if (Files.readString(task.resolve("comm")).contains("CompilerThre")) {
                        jit += ticks(task.resolve("stat"));
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return jit;
    }

    /** utime + stime of a /proc stat file, in milliseconds. */
    private static double ticks(Path stat) {
        try {
            String text = Files.readString(stat);
            String[] f = text.substring(text.lastIndexOf(')') + 2).split(" ");
            // fields 14 and 15 of proc(5) (utime, stime) are 12 and 13 after the command name
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * TICK_MILLIS;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /**
     * What happened between two snapshots; {@code items} for the CPU time per item. The application's CPU time leaves
     * out its JIT compiler threads (given apart), so that it compares runs of different length and warmth.
     */
    static Map<String, Object> usage(Snapshot from, Snapshot to, long items) {
        Map<String, Object> r = new LinkedHashMap<>();
        double jit = Math.max(0, to.jitMillis() - from.jitMillis());
        double app = to.appMillis() - from.appMillis() - jit;
        double driver = to.driverMillis() - from.driverMillis();
        double machine = to.machineMillis() - from.machineMillis();
        double busy = to.machineBusyMillis() - from.machineBusyMillis();
        r.put("appCpuSeconds", app / 1000);
        r.put("jitCpuSeconds", jit / 1000);
        r.put("appCpuMillisPerItem", items > 0 ? app / items : Double.NaN);
        r.put("driverCpuSeconds", driver / 1000);
        // the application's JIT threads are its own work too, not other people's
        r.put("othersCpuShare", machine > 0 ? Math.max(0, busy - app - jit - driver) / machine : Double.NaN);
        r.put("machineIdleShare", machine > 0 ? 1 - busy / machine : Double.NaN);
        return r;
    }
}
