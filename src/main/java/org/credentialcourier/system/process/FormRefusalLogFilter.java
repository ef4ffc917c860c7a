package org.credentialcourier.system.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.credentialcourier.system.web.ConflictException;
import org.slf4j.Marker;

/**
 * A start form refused for what the admin typed ({@link FormInput#refused}) is not an error of the server: Tasklist
 * shows its sentence and the REST APIs answer 400. The engine would log each one as {@code ENGINE-16004} at ERROR
 * with a stack trace of some sixty lines (it keeps that quiet only for its own kinds of bad requests); those events
 * are dropped, and so are the application's own refusals ({@link ConflictException}, answered 409) raised by the
 * first task of a process that its client started. Every other exception of the engine's command context is logged
 * as before. Installed by {@code logback-spring.xml}, so that every configuration of the logging (one per application
 * context) has it.
 */
public class FormRefusalLogFilter extends TurboFilter {

    private static final String ENGINE_CONTEXT = "org.camunda.bpm.engine.context";

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!ENGINE_CONTEXT.equals(logger.getName()) || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        Object last = params != null && params.length > 0 ? params[params.length - 1] : null;
        return refusal(t) || refusal(last) ? FilterReply.DENY : FilterReply.NEUTRAL;
    }

    private static boolean refusal(Object thrown) {
        return thrown instanceof FormFieldValidationException || thrown instanceof ConflictException;
    }
}
