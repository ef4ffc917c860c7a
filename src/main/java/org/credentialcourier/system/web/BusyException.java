package org.credentialcourier.system.web;

import java.util.Map;

/**
 * The process moved at this very moment (a timer fired, a job ran, another admin acted): nothing was changed and
 * trying again helps. Process clients raise it in place of the engine's concurrency exceptions, so no page or
 * controller needs to know the engine to tell a busy process from a refusal.
 */
public class BusyException extends ConflictException {

    public static final String SENTENCE = "The process moved at this very moment: nothing was changed. Try again";

    public BusyException(Throwable cause) {
        this(SENTENCE, cause);
    }

    public BusyException(String sentence, Throwable cause) {
        super(sentence, null, Map.of());
        initCause(cause);
    }
}
