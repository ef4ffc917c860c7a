package org.credentialcourier.bounce;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Polls the bounce mailbox every {@code courier.bounces.mailbox.poll-interval} on a thread of its own, when
 * {@code courier.bounces.mailbox.enabled}. A failed poll (the server away, wrong credentials) is logged and tried
 * again at the next interval; every node may poll, since an event applies once however often it is read.
 */
@Component
@ConditionalOnProperty(name = "courier.bounces.mailbox.enabled", havingValue = "true")
public class BounceMailboxSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(BounceMailboxSchedule.class);

    private final BounceMailbox mailbox;
    private final BounceMailboxProperties properties;
    private ScheduledExecutorService executor;

    public BounceMailboxSchedule(BounceMailbox mailbox, BounceMailboxProperties properties) {
        this.mailbox = mailbox;
        this.properties = properties;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "bounce-mailbox");
            thread.setDaemon(true);
            return thread;
        });
        long every = properties.pollInterval().toMillis();
        executor.scheduleWithFixedDelay(this::pollQuietly, every, every, TimeUnit.MILLISECONDS);
        log.info("Reading the bounce mailbox {}@{}:{} every {}", properties.user(), properties.host(),
                properties.port(), properties.pollInterval());
    }

    private void pollQuietly() {
        try {
            mailbox.poll();
        } catch (Exception e) {
            log.warn("Bounce mailbox {}:{} could not be read, trying again in {}: {}", properties.host(),
                    properties.port(), properties.pollInterval(), e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
