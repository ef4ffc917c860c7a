package org.credentialcourier.member;

import org.credentialcourier.credential.PasswordPolicy;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;

/** {@code /activate}: the page behind the link in the invitation email. */
@Controller
@RequestMapping(PublicLinks.ACTIVATE)
public class ActivationController extends PasswordLinkController {

    public ActivationController(Activation activation, PasswordPolicy policy, MessageSource messages,
                                CourierProperties properties, RateLimiter limiter, Portals portals) {
        super(activation, policy, messages, properties, limiter, portals, "page.activate");
    }

    @Override
    protected String path() {
        return PublicLinks.ACTIVATE;
    }
}
