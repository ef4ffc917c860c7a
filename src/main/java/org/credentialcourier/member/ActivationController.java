package org.credentialcourier.member;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.member.Activation.LinkProblem;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.CourierLocaleResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /activate}: the page behind the link in the invitation email. Opening it consumes nothing (mail scanners open
 * links); submitting a password does. Pages are in the contact's language.
 */
@Controller
@RequestMapping(ActivationController.PATH)
public class ActivationController {

    public static final String PATH = "/activate";
    private static final Logger log = LoggerFactory.getLogger(ActivationController.class);

    private final Activation activation;
    private final PasswordPolicy policy;
    private final MessageSource messages;
    private final CourierProperties properties;

    public ActivationController(Activation activation, PasswordPolicy policy, MessageSource messages,
                                CourierProperties properties) {
        this.activation = activation;
        this.policy = policy;
        this.messages = messages;
        this.properties = properties;
    }

    @GetMapping
    String show(@RequestParam(required = false) String token, Model model, HttpServletRequest request,
                HttpServletResponse response) {
        tokenPageHeaders(response);
        Activation.Link link = activation.inspect(token);
        if (!link.valid()) {
            return problem(link.problem(), model, response);
        }
        CourierLocaleResolver.use(request, link.contact().preferredLocale());
        return form(token, link.contact().firstName(), List.of(), model);
    }

    @PostMapping
    String accept(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
                  @RequestParam(required = false) String passwordConfirmation, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        tokenPageHeaders(response);
        Activation.Outcome outcome;
        try {
            outcome = activation.accept(token, password, passwordConfirmation);
        } catch (MismatchingMessageCorrelationException | OptimisticLockingException busy) {
            // the invitation changed at this very moment (resent, cancelled, expired): nothing was stored
            log.info("Activation not possible right now: {}", busy.getClass().getSimpleName());
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("problem", "busy");
            return "member/link-problem";
        }
        if (outcome.problem() != null) {
            return problem(outcome.problem(), model, response);
        }
        Locale locale = outcome.contact().preferredLocale();
        CourierLocaleResolver.use(request, locale);
        if (!outcome.activated()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            List<String> errors = outcome.violations().stream()
                    .map(v -> messages.getMessage(v.messageKey(), new Object[] {v.argument()}, locale))
                    .toList();
            return form(token, outcome.contact().firstName(), errors, model);
        }
        model.addAttribute("firstName", outcome.contact().firstName());
        model.addAttribute("organisation", properties.organisationName());
        return "member/activated";
    }

    private String form(String token, String firstName, List<String> errors, Model model) {
        model.addAttribute("token", token);
        model.addAttribute("firstName", firstName);
        model.addAttribute("organisation", properties.organisationName());
        model.addAttribute("minLength", policy.minLength());
        model.addAttribute("maxLength", PasswordPolicy.MAX_LENGTH);
        model.addAttribute("errors", errors);
        return "member/activate";
    }

    private static String problem(LinkProblem problem, Model model, HttpServletResponse response) {
        response.setStatus(problem == LinkProblem.UNKNOWN ? HttpStatus.NOT_FOUND.value() : HttpStatus.GONE.value());
        model.addAttribute("problem", problem.name().toLowerCase(Locale.ROOT));
        return "member/link-problem";
    }

    /** The token is in the address: never cache the page, never pass the address on as a referrer. */
    private static void tokenPageHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
