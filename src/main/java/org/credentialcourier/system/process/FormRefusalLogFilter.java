package org.credentialcourier.system.process;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.camunda.bpm.engine.impl.form.validator.FormFieldValidationException;
import org.slf4j.LoggerFactory;
import org.slf4j.Marker;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * A start form refused for what the admin typed ({@link FormInput#refused}) is not an error of the server: Tasklist
 * shows its sentence and the REST APIs answer 400. The engine would log each one as {@code ENGINE-16004} at ERROR
 * with a stack trace of some sixty lines (it keeps that quiet only for its own kinds of bad requests); those events
 * are dropped. Every other exception of the engine's command context is logged as before.
 */
@Component
public class FormRefusalLogFilter extends TurboFilter {

    private static final String ENGINE_CONTEXT = "org.camunda.bpm.engine.context";

    @EventListener(ApplicationStartedEvent.class)
    public void install() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context
                && context.getTurboFilterList().stream().noneMatch(f -> f instanceof FormRefusalLogFilter)) {
            context.addTurboFilter(this);
            start();
        }
    }

    @Override
    public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
        if (!ENGINE_CONTEXT.equals(logger.getName()) || !level.isGreaterOrEqual(Level.WARN)) {
            return FilterReply.NEUTRAL;
        }
        Object last = params != null && params.length > 0 ? params[params.length - 1] : null;
        return t instanceof FormFieldValidationException || last instanceof FormFieldValidationException
                ? FilterReply.DENY : FilterReply.NEUTRAL;
    }
}
