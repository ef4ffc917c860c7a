package org.credentialcourier.member;

import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.member.PasswordLinkFlow.LinkProblem;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.system.web.CourierLocaleResolver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The page behind a link that lets the contact choose a password ({@code /activate}, {@code /reset-password}).
 * Opening it consumes nothing (mail scanners open links); submitting a password does. Pages are in the contact's
 * language, never cached, and never pass their address (with its token) on as a referrer.
 */
abstract class PasswordLinkController {

    private static final Logger log = LoggerFactory.getLogger(PasswordLinkController.class);

    private final PasswordLinkFlow flow;
    private final PasswordPolicy policy;
    private final MessageSource messages;
    private final CourierProperties properties;
    private final RateLimiter limiter;
    private final Portals portals;
    private final String pageKey;

    /** {@code pageKey}: the prefix of the page's texts in {@code i18n/messages}, e.g. {@code page.activate}. */
    protected PasswordLinkController(PasswordLinkFlow flow, PasswordPolicy policy, MessageSource messages,
                                     CourierProperties properties, RateLimiter limiter, Portals portals,
                                     String pageKey) {
        this.portals = portals;
        this.flow = flow;
        this.policy = policy;
        this.messages = messages;
        this.properties = properties;
        this.limiter = limiter;
        this.pageKey = pageKey;
    }

    /** The path the form posts to. */
    protected abstract String path();

    @GetMapping
    String show(@RequestParam(required = false) String token, Model model, HttpServletRequest request,
                HttpServletResponse response) {
        tokenPageHeaders(response);
        if (guessing(request, response, model)) {
            return "member/link-problem";
        }
        PasswordLinkFlow.Link link = flow.inspect(token);
        if (!link.valid()) {
            return problem(link.problem(), model, request, response);
        }
        CourierLocaleResolver.use(request, link.contact().preferredLocale());
        return form(token, link.contact().firstName(), List.of(), model);
    }

    @PostMapping
    String submit(@RequestParam(required = false) String token, @RequestParam(required = false) String password,
                  @RequestParam(required = false) String passwordConfirmation, Model model,
                  HttpServletRequest request, HttpServletResponse response) {
        tokenPageHeaders(response);
        if (guessing(request, response, model)) {
            return "member/link-problem";
        }
        PasswordLinkFlow.Outcome outcome;
        try {
            outcome = flow.submit(token, password, passwordConfirmation);
        } catch (BusyException busy) {
            // the request changed at this very moment (resent, cancelled, expired): nothing was stored
            log.info("Password link not usable right now: {}", busy.getCause().getClass().getSimpleName());
            response.setStatus(HttpStatus.CONFLICT.value());
            model.addAttribute("problem", "busy");
            return "member/link-problem";
        }
        if (outcome.problem() != null) {
            return problem(outcome.problem(), model, request, response);
        }
        Locale locale = outcome.contact().preferredLocale();
        CourierLocaleResolver.use(request, locale);
        if (!outcome.succeeded()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            List<String> errors = outcome.violations().stream()
                    .map(v -> messages.getMessage(v.messageKey(), new Object[] {v.argument()}, locale))
                    .toList();
            return form(token, outcome.contact().firstName(), errors, model);
        }
        // the account works: to the portal the invitation names, or the one portal, straight (its sign-in is this site's)
        var portal = portals.startingPortal(outcome.portal());
        if (portal.isPresent()) {
            return "redirect:" + portal.get().startPage();
        }
        model.addAttribute("pageKey", pageKey);
        model.addAttribute("firstName", outcome.contact().firstName());
        return "member/password-set";
    }

    private String form(String token, String firstName, List<String> errors, Model model) {
        model.addAttribute("pageKey", pageKey);
        model.addAttribute("action", path());
        model.addAttribute("token", token);
        model.addAttribute("firstName", firstName);
        model.addAttribute("minLength", policy.minLength());
        model.addAttribute("maxLength", PasswordPolicy.MAX_LENGTH);
        model.addAttribute("errors", errors);
        return "member/set-password";
    }

    /**
     * Whether this client has opened too many links that lead nowhere lately: someone guessing tokens. A person
     * with a real link is not slowed down by it.
     */
    private boolean guessing(HttpServletRequest request, HttpServletResponse response, Model model) {
        var limits = properties.rateLimit();
        RateLimiter.Decision decision = limiter.check(unknownLinksKey(request), limits.unknownLinks(),
                limits.unknownLinksWindow());
        if (decision.allowed()) {
            return false;
        }
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        model.addAttribute("problem", "throttled");
        return true;
    }

    private String problem(LinkProblem problem, Model model, HttpServletRequest request,
                           HttpServletResponse response) {
        if (problem == LinkProblem.UNKNOWN) {
            var limits = properties.rateLimit();
            limiter.tryAcquire(unknownLinksKey(request), limits.unknownLinks(), limits.unknownLinksWindow());
        }
        response.setStatus(problem == LinkProblem.UNKNOWN ? HttpStatus.NOT_FOUND.value() : HttpStatus.GONE.value());
        model.addAttribute("problem", problem.name().toLowerCase(Locale.ROOT));
        return "member/link-problem";
    }

    private static String unknownLinksKey(HttpServletRequest request) {
        return "unknown-links:" + ClientAddress.of(request);
    }

    private static void tokenPageHeaders(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
    }
}
