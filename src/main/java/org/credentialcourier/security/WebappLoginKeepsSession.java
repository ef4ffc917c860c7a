package org.credentialcourier.security;

import java.io.IOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.springframework.security.web.csrf.HttpSessionCsrfTokenRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The Camunda webapps' login ({@code POST /camunda/api/admin/auth/user/{engine}/login/{app}}) ends the whole HTTP
 * session to give the browser a new session id, keeping only Camunda's own sign-ins: an admin who opened Tasklist
 * from the console was signed out of {@code /admin} (and a member of their pages). This filter carries the
 * application's own sign-ins and form tokens over to the new session, so that Camunda's login acts as Spring
 * Security's own sign-ins do: a new id (no session fixation), the same session. Camunda's attributes (its sign-ins,
 * its CSRF token) are left as Camunda made them; nothing is carried when the login failed or kept the session.
 */
final class WebappLoginKeepsSession extends OncePerRequestFilter {

    /** The application's own session attributes: the admin's and the member's sign-ins ({@code courier.}…). */
    static final String OWN_PREFIX = "courier.";

    /** The CSRF token of the console's and the member pages' forms (Spring Security's default name). */
    static final String FORM_TOKEN = HttpSessionCsrfTokenRepository.class.getName().concat(".CSRF_TOKEN");

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !WebappLoginThrottle.isLogin(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        HttpSession before = request.getSession(false);
        Map<String, Object> kept = before == null ? Map.of() : ownAttributes(before);
        String idBefore = before == null ? null : before.getId();
        chain.doFilter(request, response);
        if (kept.isEmpty()) {
            return;
        }
        HttpSession after = request.getSession(false);
        if (after != null && !after.getId().equals(idBefore)) {
            kept.forEach((name, value) -> {
                if (after.getAttribute(name) == null) {
                    after.setAttribute(name, value);
                }
            });
        }
    }

    private static Map<String, Object> ownAttributes(HttpSession session) {
        Map<String, Object> own = new LinkedHashMap<>();
        try {
            for (String name : Collections.list(session.getAttributeNames())) {
                if (name.startsWith(OWN_PREFIX) || name.equals(FORM_TOKEN)) {
                    own.put(name, session.getAttribute(name));
                }
            }
        } catch (IllegalStateException invalidated) {
            return Map.of();
        }
        return own;
    }
}
