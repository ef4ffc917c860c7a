package org.credentialcourier.provider;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Checks every {@code courier.provider.key-rotation.check-interval}, on a thread of its own, whether a signing key is
 * due ({@link SigningKeys#rotateWhenDue}); the first check a minute after the start. Every node checks; the lock in
 * the database lets one at a time act, so a cluster adds one key per period. A failed check (the database away) is
 * logged and made again at the next interval.
 */
@Component
class KeyRotationSchedule implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(KeyRotationSchedule.class);
    private static final long FIRST_CHECK_SECONDS = 60;

    private final SigningKeys keys;
    private final ProviderProperties.KeyRotation rotation;
    private ScheduledExecutorService executor;
    private boolean started;

    KeyRotationSchedule(SigningKeys keys, ProviderProperties properties) {
        this.keys = keys;
        this.rotation = properties.keyRotation();
    }

    @Override
    public synchronized void start() {
        started = true;
        if (!rotation.enabled()) {
            log.info("Signing keys rotate only when an admin adds one (courier.provider.key-rotation.enabled=false)");
            return;
        }
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "signing-key-rotation");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::checkQuietly, FIRST_CHECK_SECONDS,
                rotation.checkInterval().toSeconds(), TimeUnit.SECONDS);
        log.info("A new signing key every {}, older keys retired {} after, checked every {}", rotation.period(),
                rotation.retireAfter(), rotation.checkInterval());
    }

    private void checkQuietly() {
        try {
            SigningKeys.Rotation done = keys.rotateWhenDue();
            if (done.added() != null || !done.retired().isEmpty()) {
                log.info("Scheduled key rotation: added {}, retired {}", done.added(), done.retired());
            }
        } catch (Exception e) {
            log.warn("Scheduled key rotation failed, checking again in {}: {}", rotation.checkInterval(),
                    e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        started = false;
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null || (!rotation.enabled() && started);
    }
}
