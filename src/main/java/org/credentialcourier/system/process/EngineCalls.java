package org.credentialcourier.system.process;

import java.util.function.Supplier;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.credentialcourier.system.web.BusyException;

/**
 * The one place where the engine's concurrency exceptions become {@link BusyException}: an optimistic-locking
 * conflict, or a message that found no waiting instance because the instance moved on between the caller's check and
 * the correlation. Process clients wrap their engine calls in it; nothing above them catches engine exceptions.
 */
public final class EngineCalls {

    private EngineCalls() {
    }

    public static <T> T translated(Supplier<T> call) {
        try {
            return call.get();
        } catch (OptimisticLockingException | MismatchingMessageCorrelationException moved) {
            throw new BusyException(moved);
        }
    }

    public static void translated(Runnable call) {
        translated(() -> {
            call.run();
            return null;
        });
    }
}
