package org.credentialcourier.bench;

/**
 * Samples the application's resident memory (every 250 ms, from /proc) and heap (every second, from
 * /actuator/prometheus) and keeps the peaks of the current window.
 */
final class Sampler {

    record Peak(long rss, long heapUsed, long heapCommitted) {
    }

    private final AppProcess app;
    private final Thread thread;
    private volatile boolean running = true;
    private long rss;
    private long heapUsed;
    private long heapCommitted;

    Sampler(AppProcess app) {
        this.app = app;
        this.thread = new Thread(this::loop, "footprint-sampler");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    private void loop() {
        long tick = 0;
        while (running && app.alive()) {
            long[] memory = app.residentMemory();
            long[] heap = tick++ % 4 == 0 ? safeHeap() : null;
            synchronized (this) {
                rss = Math.max(rss, memory[0]);
                if (heap != null) {
                    heapUsed = Math.max(heapUsed, heap[0]);
                    heapCommitted = Math.max(heapCommitted, heap[1]);
                }
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private long[] safeHeap() {
        try {
            return app.heap();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Ends the current window (answering its peaks) and starts the next. */
    synchronized Peak window(String name) {
        Peak peak = new Peak(rss, heapUsed, heapCommitted);
        rss = 0;
        heapUsed = 0;
        heapCommitted = 0;
        return peak;
    }

    void stop() {
        running = false;
        thread.interrupt();
    }
}
