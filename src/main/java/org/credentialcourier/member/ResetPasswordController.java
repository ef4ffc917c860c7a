package org.credentialcourier.member;

import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.system.CourierProperties;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** {@code /reset-password}: the page behind the link in the password reset email. */
@Controller
@RequestMapping(ResetPasswordController.PATH)
public class ResetPasswordController extends PasswordLinkController {

    public static final String PATH = "/reset-password";

    public ResetPasswordController(ResetLink resetLink, PasswordPolicy policy, MessageSource messages,
                                   CourierProperties properties, RateLimiter limiter) {
        super(resetLink, policy, messages, properties, limiter, "page.reset");
    }

    @Override
    protected String path() {
        return PATH;
    }
}
