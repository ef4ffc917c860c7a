package org.credentialcourier.member;

import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** {@code /reset-password}: the page behind the link in the password reset email. */
@Controller
@RequestMapping(PublicLinks.RESET_PASSWORD)
public class ResetPasswordController extends PasswordLinkController {

    public ResetPasswordController(ResetLink resetLink, PasswordPolicy policy, MessageSource messages,
                                   CourierProperties properties, RateLimiter limiter, Portals portals) {
        super(resetLink, policy, messages, properties, limiter, portals, "page.reset");
    }

    @Override
    protected String path() {
        return PublicLinks.RESET_PASSWORD;
    }
}
