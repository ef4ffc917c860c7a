package org.credentialcourier.reset;

import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.limits.RequestLimits;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.validation.EmailAddress;
import org.springframework.stereotype.Component;

/**
 * The budgets for reset requests ({@code courier.rate-limit.forgot-password-*}): one per address and one per client
 * address for the forgot-password page, and one per admin and contact for the admins' API
 * ({@code courier.requests.admin-reset-links}), so that strangers asking for an address's reset never block an admin.
 */
@Component
public class ResetRequestLimits {

    /** The longest address there can be (RFC 5321): what is longer is counted by its first 254 characters. */

    private final RateLimiter limiter;
    private final CourierProperties.RateLimit limits;
    private final int adminResetLinks;

    public ResetRequestLimits(RateLimiter limiter, CourierProperties properties, RequestLimits requestLimits) {
        this.limiter = limiter;
        this.limits = properties.rateLimit();
        this.adminResetLinks = requestLimits.adminResetLinks();
    }

    /**
     * Takes one anonymous request from the address's budget, whatever is typed (unknown and malformed addresses
     * alike), counted in the form lookups use ({@link ContactRules#emailKey}).
     */
    public RateLimiter.Decision perAddress(String email) {
        String bounded = email == null ? "" : email.length() > EmailAddress.MAX_LENGTH ? email.substring(0, EmailAddress.MAX_LENGTH) : email;
        return limiter.tryAcquire("forgot:address:" + ContactRules.emailKey(bounded), limits.forgotPasswordPerAddress(),
                limits.forgotPasswordWindow());
    }

    /** Takes one request from the client address's budget (a bucket of {@code ClientAddress}). */
    public RateLimiter.Decision perClient(String clientBucket) {
        return limiter.tryAcquire("forgot:client:" + clientBucket, limits.forgotPasswordPerClient(),
                limits.forgotPasswordWindow());
    }

    /** Takes one reset link from the admin's budget for this contact: one that anonymous requests never touch. */
    public RateLimiter.Decision perAdmin(String admin, String contactId) {
        return limiter.tryAcquire("reset:admin:" + admin + "|" + contactId, adminResetLinks,
                limits.forgotPasswordWindow());
    }
}
