package org.credentialcourier.member;

import static org.credentialcourier.system.web.PublicLinks.SIGN_IN;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.credential.AccountPasswords;
import org.credentialcourier.credential.AccountPasswords.Verdict;
import org.credentialcourier.credential.HashingPermits;
import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.validation.EmailAddress;
import org.credentialcourier.system.web.CourierLocaleResolver;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The member's sign-in: proof that the credentials this application issues work. Email and password against the
 * stored hash; a temporary password must be changed before anything else; repeated failures per account and client
 * address are slowed down ({@code courier.rate-limit.sign-in-*}), never locked for good; a minimal account page.
 * The member's session lives in the HTTP session ({@link MemberSession}); it is also the OpenID Provider's sign-in: a
 * portal's sign-in request waits while the member signs in (and changes a temporary password), then goes on.
 */
@Controller
public class SignInController {

    public static final String CHANGE_PASSWORD = "/change-password";
    public static final String ACCOUNT = "/account";
    public static final String SIGN_OUT = "/sign-out";

    private final ContactRepository contacts;
    private final MemberSession session;
    private final MemberPasswordChange passwordChange;
    private final AccountPasswords passwords;
    private final PasswordPolicy policy;
    private final RateLimiter limiter;
    private final HashingPermits hashing;
    private final MessageSource messages;
    private final CourierProperties properties;
    private final Portals portals;
    private final LinkSignIns linkSignIns;

    public SignInController(ContactRepository contacts, MemberSession session, MemberPasswordChange passwordChange,
                            AccountPasswords passwords, PasswordPolicy policy, RateLimiter limiter,
                            HashingPermits hashing, MessageSource messages, CourierProperties properties,
                            Portals portals, LinkSignIns linkSignIns) {
        this.portals = portals;
        this.linkSignIns = linkSignIns;
        this.contacts = contacts;
        this.session = session;
        this.passwordChange = passwordChange;
        this.passwords = passwords;
        this.policy = policy;
        this.limiter = limiter;
        this.hashing = hashing;
        this.messages = messages;
        this.properties = properties;
    }

    /** The portal the member is signing in for, by its name, when one sent the member here. */
    @ModelAttribute("portal")
    String portal(HttpServletRequest request) {
        return session.waitingPortal(request).flatMap(portals::named).orElse(null);
    }

    @GetMapping(SIGN_IN)
    String signInForm(Model model) {
        return "member/sign-in";
    }

    @PostMapping(SIGN_IN)
    String signIn(@RequestParam(required = false) String email, @RequestParam(required = false) String password,
                  Model model, HttpServletRequest request, HttpServletResponse response) {
        // nothing longer than an address or a password can be becomes a key, is looked up or is hashed
        if (email != null && email.length() > EmailAddress.MAX_LENGTH) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("error", message("page.sign-in.wrong"));
            return "member/sign-in";
        }
        model.addAttribute("email", email);
        var limits = properties.rateLimit();
        String client = ClientAddress.of(request);
        String key = "sign-in:" + (email == null ? "" : ContactRules.emailKey(email)) + "|" + client;
        RateLimiter.Decision allowed = limiter.check(key, limits.signInFailures(), limits.signInWindow());
        if (!allowed.allowed()) {
            return throttled(allowed, model, response);
        }
        if (password != null && password.length() > PasswordPolicy.MAX_LENGTH) {
            limiter.tryAcquire(key, limits.signInFailures(), limits.signInWindow());
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("error", message("page.sign-in.wrong"));
            return "member/sign-in";
        }
        // only a well-formed address is looked up (PostgreSQL refuses a NUL in a query outright)
        Contact contact = email == null || !ContactRules.isValidEmail(email.strip()) ? null
                : contacts.findByEmail(email).orElse(null);
        Verdict verdict;
        try (HashingPermits.Permit permit = hashing.acquire(client)) {
            verdict = passwords.verify(contact == null ? null : contact.id(), password);
        } catch (HashingPermits.BusyException busy) {
            return throttled(busy, model, response);
        }
        // a disabled account answers as a wrong password does, after the same hashing (docs/SECURITY.md): the page
        // tells a stranger nothing about which accounts exist or are disabled
        if (verdict == Verdict.WRONG || contact.accountStatus() == AccountStatus.DISABLED) {
            limiter.tryAcquire(key, limits.signInFailures(), limits.signInWindow());
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("error", message("page.sign-in.wrong"));
            return "member/sign-in";
        }
        if (verdict == Verdict.TEMPORARY_EXPIRED) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("error", message("page.sign-in.temporary-expired"));
            return "member/sign-in";
        }
        // a new session id on sign-in: a session fixed by someone else before is worth nothing
        session.open(request, contact.id(), verdict == Verdict.MUST_CHANGE);
        // the funnel's last step: the first sign-in after a redeemed link
        linkSignIns.signedIn(contact.id());
        // a temporary password is changed first, even on the way to a portal; then back to the portal's request
        return "redirect:" + (verdict == Verdict.MUST_CHANGE ? CHANGE_PASSWORD : session.continueTo(request, ACCOUNT));
    }

    @GetMapping(CHANGE_PASSWORD)
    String changePasswordForm(Model model, HttpServletRequest request) {
        Contact contact = signedIn(request);
        if (contact == null) {
            return "redirect:" + SIGN_IN;
        }
        return changeForm(contact, List.of(), model, request);
    }

    @PostMapping(CHANGE_PASSWORD)
    String changePassword(@RequestParam(required = false) String currentPassword,
                                 @RequestParam(required = false) String password,
                                 @RequestParam(required = false) String passwordConfirmation,
                                 Model model, HttpServletRequest request, HttpServletResponse response) {
        Contact contact = signedIn(request);
        if (contact == null) {
            return "redirect:" + SIGN_IN;
        }
        Locale locale = contact.preferredLocale();
        List<String> errors = new ArrayList<>();
        // guesses of the current password count like failed sign-ins: per account and client, a delay, not a lock
        var limits = properties.rateLimit();
        String client = ClientAddress.of(request);
        String guessKey = "change-password:" + contact.id() + "|" + client;
        if (!mustChange(request)) {
            RateLimiter.Decision allowed = limiter.check(guessKey, limits.signInFailures(), limits.signInWindow());
            if (!allowed.allowed()) {
                response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
                response.setHeader("Retry-After", Long.toString(allowed.retryAfterSeconds()));
                errors.add(messages.getMessage("page.sign-in.throttled", new Object[] {allowed.minutesToWait()},
                        locale));
                return changeForm(contact, errors, model, request);
            }
        }
        try (HashingPermits.Permit permit = hashing.acquire(client)) {
            return changePassword(contact, currentPassword, password, passwordConfirmation, guessKey, errors, model,
                    request, response);
        } catch (HashingPermits.BusyException busy) {
            busyStatus(busy, response);
            errors.add(messages.getMessage("page.sign-in.throttled", new Object[] {1}, locale));
            return changeForm(contact, errors, model, request);
        }
    }

    private String changePassword(Contact contact, String currentPassword, String password,
                                  String passwordConfirmation, String guessKey, List<String> errors, Model model,
                                  HttpServletRequest request, HttpServletResponse response) {
        Locale locale = contact.preferredLocale();
        if (!mustChange(request) && passwords.verify(contact.id(), currentPassword) == Verdict.WRONG) {
            var limits = properties.rateLimit();
            limiter.tryAcquire(guessKey, limits.signInFailures(), limits.signInWindow());
            errors.add(messages.getMessage("page.change-password.current-wrong", null, locale));
        }
        var owner = new PasswordPolicy.Owner(contact.email(), contact.firstName(), contact.lastName());
        policy.check(password, owner).forEach(v ->
                errors.add(messages.getMessage(v.messageKey(), new Object[] {v.argument()}, locale)));
        if (password != null && !password.equals(passwordConfirmation)) {
            errors.add(messages.getMessage("password.mismatch", null, locale));
        }
        if (!errors.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            return changeForm(contact, errors, model, request);
        }
        passwordChange.change(contact.id(), password);
        session.passwordChanged(request, contact.id());
        return "redirect:" + session.continueTo(request, ACCOUNT + "?changed");
    }

    @GetMapping(ACCOUNT)
    String account(@RequestParam(required = false) String changed, Model model, HttpServletRequest request) {
        Contact contact = signedIn(request);
        if (contact == null) {
            return "redirect:" + SIGN_IN;
        }
        if (mustChange(request)) {
            return "redirect:" + CHANGE_PASSWORD;
        }
        CourierLocaleResolver.use(request, contact.preferredLocale());
        model.addAttribute("contact", contact);
        model.addAttribute("changed", changed != null);
        return "member/account";
    }

    @PostMapping(SIGN_OUT)
    String signOut(HttpServletRequest request) {
        HttpSession open = request.getSession(false);
        if (open != null) {
            open.invalidate();
        }
        return "redirect:" + SIGN_IN;
    }

    private String throttled(RateLimiter.Decision decision, Model model, HttpServletResponse response) {
        response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
        response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
        model.addAttribute("error", message("page.sign-in.throttled", decision.minutesToWait()));
        return "member/sign-in";
    }

    private String throttled(HashingPermits.BusyException busy, Model model, HttpServletResponse response) {
        busyStatus(busy, response);
        model.addAttribute("error", message("page.sign-in.throttled", 1));
        return "member/sign-in";
    }

    /** 429 when this client has too many checks running, 503 when the server has; either way, try again in a second. */
    private static void busyStatus(HashingPermits.BusyException busy, HttpServletResponse response) {
        response.setStatus(busy.client() ? HttpStatus.TOO_MANY_REQUESTS.value() : HttpStatus.SERVICE_UNAVAILABLE.value());
        response.setHeader("Retry-After", "1");
    }

    private String changeForm(Contact contact, List<String> errors, Model model, HttpServletRequest request) {
        CourierLocaleResolver.use(request, contact.preferredLocale());
        model.addAttribute("forced", mustChange(request));
        model.addAttribute("minLength", policy.minLength());
        model.addAttribute("maxLength", PasswordPolicy.MAX_LENGTH);
        model.addAttribute("errors", errors);
        return "member/change-password";
    }

    /** The signed-in member, or null (see {@link MemberSession#signedIn}). */
    private Contact signedIn(HttpServletRequest request) {
        return session.signedIn(request).orElse(null);
    }

    private boolean mustChange(HttpServletRequest request) {
        return session.mustChange(request);
    }

    private String message(String key, Object... arguments) {
        return messages.getMessage(key, arguments, org.springframework.context.i18n.LocaleContextHolder.getLocale());
    }
}
