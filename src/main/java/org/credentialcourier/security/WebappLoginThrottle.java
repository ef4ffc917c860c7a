package org.credentialcourier.security;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.system.web.BodyInMemory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Camunda webapps' own login ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) checks Camunda
 * passwords without Spring Security: this filter in front of it applies the same {@link LoginThrottle} as the other
 * doors. It reads the (small, bounded) form body for the user name, hands the same bytes on to Camunda, and counts
 * the login's 401 answers as failures.
 */
final class WebappLoginThrottle extends OncePerRequestFilter {

    /** A login form is a user name and a password: anything larger is not one. */
    static final int MAX_BODY_BYTES = 4096;

    private final LoginThrottle throttle;

    WebappLoginThrottle(LoginThrottle throttle) {
        this.throttle = throttle;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !isLogin(request);
    }

    /** A post to the webapps' login (the filters are registered for {@code /camunda/api/admin/auth/user/*}). */
    static boolean isLogin(HttpServletRequest request) {
        String path = request.getPathInfo() == null ? request.getServletPath()
                : request.getServletPath() + request.getPathInfo();
        return "POST".equals(request.getMethod()) && path.contains("/login/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        byte[] body = request.getInputStream().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            SecurityConfiguration.writeProblem(response, 413, "Content too large", "A login form is small");
            return;
        }
        // a filter before may have read the body as parameters already: then they hold the user name
        String user = body.length == 0 ? request.getParameter("username")
                : formValue(new String(body, StandardCharsets.ISO_8859_1), "username");
        if (user != null && !LoginThrottle.acceptable(user)) {
            SecurityConfiguration.writeProblem(response, 401, "Unauthorized", "Wrong user name or password");
            return;
        }
        if (user != null) {
            RateLimiter.Decision allowed = throttle.check(user, request);
            if (!allowed.allowed()) {
                LoginThrottle.writeThrottled(response, allowed.retryAfterSeconds());
                return;
            }
        }
        chain.doFilter(BodyInMemory.request(request, body), response);
        if (user != null && response.getStatus() == HttpServletResponse.SC_UNAUTHORIZED) {
            throttle.failed(user, request);
        }
    }

    /** The first value of a field of an {@code application/x-www-form-urlencoded} body, as JAX-RS reads it. */
    static String formValue(String form, String name) {
        for (String pair : form.split("&")) {
            int equals = pair.indexOf('=');
            String key = equals < 0 ? pair : pair.substring(0, equals);
            try {
                if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                    return equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                }
            } catch (IllegalArgumentException malformed) {
                return null;
            }
        }
        return null;
    }
}
