package org.credentialcourier.reset;

import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.security.RateLimiter;
import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * The budgets for reset requests ({@code courier.rate-limit.forgot-password-*}): one per address, shared by the
 * forgot-password page and the admins' API, and one per client address for the page.
 */
@Component
public class ResetRequestLimits {

    private final RateLimiter limiter;
    private final CourierProperties.RateLimit limits;

    public ResetRequestLimits(RateLimiter limiter, CourierProperties properties) {
        this.limiter = limiter;
        this.limits = properties.rateLimit();
    }

    /** Takes one request from the address's budget, whatever is typed (unknown and malformed addresses alike). */
    public RateLimiter.Decision perAddress(String email) {
        String address = email == null ? "" : ContactRules.emailKey(email.length() > 254 ? email.substring(0, 254) : email);
        return limiter.tryAcquire("forgot:address:" + address, limits.forgotPasswordPerAddress(),
                limits.forgotPasswordWindow());
    }

    public RateLimiter.Decision perClient(String clientAddress) {
        return limiter.tryAcquire("forgot:client:" + clientAddress, limits.forgotPasswordPerClient(),
                limits.forgotPasswordWindow());
    }
}
