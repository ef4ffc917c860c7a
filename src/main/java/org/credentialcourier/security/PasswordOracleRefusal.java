package org.credentialcourier.security;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Camunda's {@code POST .../identity/verify} answers whether a user name and password match: a password oracle for
 * anyone signed in to the engine's REST API or the webapps, outside every sign-in throttle. Nothing here needs it
 * (the webapps sign in through their own login, the application through {@link CamundaIdentityAuthenticationProvider}),
 * so it is refused for everybody, {@code camunda-admin} members too (403): Keycloak and Okta offer no such check
 * either. Matched on the decoded, normalised path, so {@code /identity/verify/} and encoded letters do not slip by.
 */
final class PasswordOracleRefusal extends OncePerRequestFilter {

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        if (path.toLowerCase(Locale.ROOT).endsWith("/identity/verify")) {
            SecurityConfiguration.writeProblem(response, 403, "Forbidden",
                    "Checking a password here is not offered: sign in instead");
            return;
        }
        chain.doFilter(request, response);
    }
}
