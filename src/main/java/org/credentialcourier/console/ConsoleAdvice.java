package org.credentialcourier.console;

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
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/**
 * What every console page shares (who is signed in, how times read, whether the embedded mailbox exists), and the
 * console's error pages: a person in a browser gets a page that says what went wrong and where to go, never a stack
 * trace and never the API's Problem Details. Ordered before the API's handler, and for the console's controllers only.
 */
@ControllerAdvice(basePackageClasses = ConsoleAdvice.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleAdvice {

    private static final Logger log = LoggerFactory.getLogger(ConsoleAdvice.class);
    static final ConsoleTime TIME = new ConsoleTime();

    private final CurrentActor actor;
    private final boolean mailbox;

    ConsoleAdvice(CurrentActor actor,
                  @Value("${courier.mail.embedded-smtp.enabled:true}") boolean mailbox) {
        this.actor = actor;
        this.mailbox = mailbox;
    }

    @ModelAttribute
    void common(Model model) {
        model.addAttribute("me", actor.name());
        model.addAttribute("when", TIME);
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
        return problem(response, HttpStatus.BAD_REQUEST, "Bad request",
                "The address or the form has a value this page does not take.", null);
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
        page.addObject("me", actor.name());
        page.addObject("when", TIME);
        page.addObject("mailbox", mailbox);
        page.addObject("status", status.value());
        page.addObject("title", title);
        page.addObject("message", message);
        page.addObject("incident", incident);
        return page;
    }
}
