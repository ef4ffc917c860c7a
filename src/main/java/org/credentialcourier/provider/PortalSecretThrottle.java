package org.credentialcourier.provider;

import java.io.IOException;
import java.time.Duration;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.limits.ClientAddress;
import org.credentialcourier.limits.RateLimiter;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.http.converter.OAuth2ErrorHttpMessageConverter;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Guesses of a portal's client secret: the endpoints where a portal authenticates (token, introspection, revocation)
 * count each failed client authentication per client address, and past {@link #FAILURES} in {@link #WINDOW} refuse
 * that address with 429 before any secret is checked (each check is a bcrypt hash, which a guesser would otherwise
 * make the server pay for as fast as it can send). A delay, never a lock: the portal itself, from its own address,
 * is not locked out by somebody else's guesses, and its budget comes back by itself.
 */
final class PortalSecretThrottle {

    static final int FAILURES = 10;
    static final Duration WINDOW = Duration.ofMinutes(15);

    private final RateLimiter limiter;

    PortalSecretThrottle(RateLimiter limiter) {
        this.limiter = limiter;
    }

    private static String key(HttpServletRequest request) {
        return "portal-secret:" + ClientAddress.of(request);
    }

    /**
     * Counts the failure, then answers as the provider does without a handler of its own: 401 for
     * {@code invalid_client} (RFC 6749 5.2), 400 for anything else, the error as JSON.
     */
    AuthenticationFailureHandler countingFailures() {
        OAuth2ErrorHttpMessageConverter json = new OAuth2ErrorHttpMessageConverter();
        return (request, response, failure) -> {
            limiter.tryAcquire(key(request), FAILURES, WINDOW);
            SecurityContextHolder.clearContext();
            OAuth2Error error = failure instanceof OAuth2AuthenticationException oauth ? oauth.getError()
                    : new OAuth2Error(OAuth2ErrorCodes.INVALID_CLIENT);
            ServletServerHttpResponse answer = new ServletServerHttpResponse(response);
            answer.setStatusCode(OAuth2ErrorCodes.INVALID_CLIENT.equals(error.getErrorCode())
                    ? HttpStatus.UNAUTHORIZED : HttpStatus.BAD_REQUEST);
            json.write(error, null, answer);
        };
    }

    /** Refuses an address that used up its failures, before the client's secret is looked at. */
    OncePerRequestFilter refusingGuessers() {
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response,
                                            FilterChain chain) throws ServletException, IOException {
                RateLimiter.Decision decision = limiter.check(key(request), FAILURES, WINDOW);
                if (decision.allowed() || !"POST".equals(request.getMethod())) {
                    chain.doFilter(request, response);
                    return;
                }
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(decision.retryAfterSeconds()));
                response.setHeader("Cache-Control", "no-store");
                response.setContentType(MediaType.APPLICATION_JSON_VALUE);
                response.getWriter().write("{\"error\":\"slow_down\",\"error_description\":"
                        + "\"Too many failed client authentications from this address; try again later\"}");
            }
        };
    }
}
