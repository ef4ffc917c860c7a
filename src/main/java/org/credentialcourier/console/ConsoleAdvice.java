package org.credentialcourier.console;

import java.time.LocalDate;
import java.util.UUID;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.ConstraintViolationException;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.validation.BindException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.CookieValue;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares (who is signed in, how times read: in the admin's time zone, {@link AdminTimeZones};
 * whether the embedded mailbox exists), and the
 * console's error pages: a person in a browser gets a page that says what went wrong and where to go, never a stack
 * trace and never the API's Problem Details. Ordered before the API's handler, and for the console's controllers only.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);
    /** The model attribute of the admin's {@link ConsoleTime}: a handler takes it as {@code @ModelAttribute(WHEN)}. */
    static final String WHEN = "when";

    private final CurrentActor actor;
    private final AdminTimeZones zones;
    private final boolean mailbox;

    ConsoleAdvice(CurrentActor actor, AdminTimeZones zones,
                  @Value("${courier.mail.embedded-smtp.enabled:true}") boolean mailbox) {
        this.actor = actor;
        this.zones = zones;
        this.mailbox = mailbox;
    }

    @ModelAttribute
    void common(Model model, @CookieValue(name = AdminTimeZones.BROWSER_ZONE_COOKIE, required = false) String browserZone) {
        String me = actor.name();
        model.addAttribute("me", me);
        model.addAttribute(WHEN, zones.timeFor(me, browserZone));
        model.addAttribute("mailbox", mailbox);
    }

    @ExceptionHandler(ResourceNotFoundException.class)
    ModelAndView notFound(ResourceNotFoundException e, HttpServletResponse response) {
        return problem(response, HttpStatus.NOT_FOUND, "Not found",
                "There is no " + ("bulk".equals(e.resource()) ? "bulk run" : e.resource())
                        + " with this id. It may have been typed wrongly.", null);
    }

    @ExceptionHandler({MethodArgumentTypeMismatchException.class, MissingServletRequestParameterException.class,
            HandlerMethodValidationException.class, ConstraintViolationException.class, BindException.class})
    ModelAndView badRequest(Exception e, HttpServletResponse response) {
        String field = field(e);
        return problem(response, HttpStatus.BAD_REQUEST, "Bad request", field == null
                ? "The address or the form has a value this page does not take."
                : field + " has a value this page does not take" + (isDate(e) ? ": a date is written 2026-03-01." : "."),
                null);
    }

    /** The admin's time; the default zone's when it cannot be read (the error page must show, whatever failed). */
    private ConsoleTime timeOrDefault(String me) {
        try {
            return zones.timeFor(me, null);
        } catch (RuntimeException e) {
            return zones.defaultTime();
        }
    }

    /** The parameter a refused value came in, when Spring says which: the page names it. */
    private static String field(Exception e) {
        if (e instanceof BindException bind && bind.getFieldError() != null) {
            return bind.getFieldError().getField();
        }
        if (e instanceof MethodArgumentTypeMismatchException mismatch) {
            return mismatch.getName();
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return missing.getParameterName();
        }
        return null;
    }

    private static boolean isDate(Exception e) {
        Class<?> type = e instanceof BindException bind && bind.getFieldError() != null
                ? bind.getFieldType(bind.getFieldError().getField())
                : e instanceof MethodArgumentTypeMismatchException mismatch ? mismatch.getRequiredType() : null;
        return type == LocalDate.class;
    }

    @ExceptionHandler(InvalidInputException.class)
    ModelAndView invalid(InvalidInputException e, HttpServletResponse response) {
        return problem(response, HttpStatus.BAD_REQUEST, "Bad request", e.field() + " " + e.getMessage() + ".", null);
    }

    @ExceptionHandler(BusyException.class)
    ModelAndView busy(RuntimeException e, HttpServletResponse response) {
        return problem(response, HttpStatus.CONFLICT, "Busy",
                "The process moved at this very moment: nothing was changed. Go back and try again.", null);
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletResponse response) {
        String incident = UUID.randomUUID().toString();
        log.error("Unexpected failure {} while serving a console page", incident, e);
        return problem(response, HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong",
                "The page could not be shown. Quote incident " + incident + " to the operators.", incident);
    }

    private ModelAndView problem(HttpServletResponse response, HttpStatus status, String title, String message,
                                 String incident) {
        response.setStatus(status.value());
        ModelAndView page = new ModelAndView("console/problem");
        page.setStatus(status);
        String me = actor.name();
        page.addObject("me", me);
        page.addObject(WHEN, timeOrDefault(me));
        page.addObject("mailbox", mailbox);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("message", message);
        page.addObject("incident", incident);
        return page;
    }
}
