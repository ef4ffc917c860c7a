package org.credentialcourier.security;

import java.io.IOException;
import java.time.Duration;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.system.CourierProperties;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;

/**
 * Failed Camunda password checks, counted at every door that checks one (the API's, the console's and the engine
 * REST API's HTTP Basic, the console's form, the Camunda webapps' login): past {@code courier.rate-limit.sign-in-failures}
 * within {@code sign-in-window} for one user from one client address, or {@value #FAILURES_PER_CLIENT} for any users
 * from one client, the next attempt waits (429 and {@code Retry-After}), whatever its password. Never a lock: a
 * stranger elsewhere cannot keep an admin out (OWASP Authentication Cheat Sheet, NIST SP 800-63B 5.2.2); Camunda's
 * own lock-out is off (application.yaml, {@code login-max-attempts}, {@code login-delay-factor}).
 */
@Component
public class LoginThrottle {

    /** Failed sign-ins from one client address, any users, per {@code sign-in-window}: password spraying. */
    public static final int FAILURES_PER_CLIENT = 50;
    /** Longer user names are refused before they become a key or reach the engine. */
    public static final int MAX_USER_LENGTH = 256;

    private final RateLimiter limiter;
    private final CourierProperties properties;

    public LoginThrottle(RateLimiter limiter, CourierProperties properties) {
        this.limiter = limiter;
        this.properties = properties;
    }

    /** Whether a user name may be checked at all: present and at most {@value #MAX_USER_LENGTH} characters. */
    public static boolean acceptable(String user) {
        return user != null && !user.isEmpty() && user.length() <= MAX_USER_LENGTH;
    }

    /** Whether this user may try a password from this client now; takes nothing. */
    public RateLimiter.Decision check(String user, HttpServletRequest request) {
        var limits = properties.rateLimit();
        RateLimiter.Decision perClient = limiter.check(clientKey(request), FAILURES_PER_CLIENT, limits.signInWindow());
        return perClient.allowed() ? limiter.check(pairKey(user, request), limits.signInFailures(), limits.signInWindow())
                : perClient;
    }

    /** Counts a wrong password for this user from this client. */
    public void failed(String user, HttpServletRequest request) {
        var limits = properties.rateLimit();
        limiter.tryAcquire(pairKey(user, request), limits.signInFailures(), limits.signInWindow());
        limiter.tryAcquire(clientKey(request), FAILURES_PER_CLIENT, limits.signInWindow());
    }

    private static String pairKey(String user, HttpServletRequest request) {
        return "admin-sign-in:" + user.toLowerCase(Locale.ROOT) + "|" + client(request);
    }

    private static String clientKey(HttpServletRequest request) {
        return "admin-sign-in-client:" + client(request);
    }

    /** The client's bucket, as the server's trusted proxies report it: the same as the member doors' limits. */
    private static String client(HttpServletRequest request) {
        return ClientAddress.of(request);
    }

    /** 429 with {@code Retry-After} and Problem Details. */
    public static void writeThrottled(HttpServletResponse response, long retryAfterSeconds) throws IOException {
        response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
        SecurityConfiguration.writeProblem(response, 429, "Too many requests",
                "Too many failed sign-ins: wait, then try again");
    }

    /** A sign-in refused before its password was checked, because of too many failures before it. */
    public static final class Throttled extends AuthenticationException {

        private final transient RateLimiter.Decision decision;

        public Throttled(RateLimiter.Decision decision) {
            super("Too many failed sign-ins");
            this.decision = decision;
        }

        public long retryAfterSeconds() {
            return decision.retryAfterSeconds();
        }

        public Duration retryAfter() {
            return decision.retryAfter();
        }
    }
}
