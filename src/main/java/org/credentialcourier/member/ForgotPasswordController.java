package org.credentialcourier.member;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.reset.ForgotPassword;
import org.credentialcourier.reset.ResetRequestLimits;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * {@code /forgot-password}: one neutral answer for every address, known, unknown or malformed. Requests are limited
 * per address and per client address ({@code courier.rate-limit.*}); past the limit a friendly 429 page.
 */
@Controller
@RequestMapping(PublicLinks.FORGOT_PASSWORD)
public class ForgotPasswordController {

    private final ForgotPassword forgotPassword;
    private final ResetRequestLimits limits;

    public ForgotPasswordController(ForgotPassword forgotPassword, ResetRequestLimits limits) {
        this.forgotPassword = forgotPassword;
        this.limits = limits;
    }

    @GetMapping
    String form() {
        return "member/forgot-password";
    }

    @PostMapping
    String request(@RequestParam(required = false) String email, Model model, HttpServletRequest request,
                   HttpServletResponse response) {
        RateLimiter.Decision perClient = limits.perClient(ClientAddress.of(request));
        RateLimiter.Decision decision = perClient.allowed() ? limits.perAddress(email) : perClient;
        if (!decision.allowed()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
            model.addAttribute("throttledMinutes", decision.minutesToWait());
            return "member/forgot-password";
        }
        forgotPassword.request(email);
        model.addAttribute("sent", true);
        return "member/forgot-password";
    }
}
