package org.credentialcourier.security;

import java.io.IOException;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Spring Security's firewall refuses paths with {@code ;} or {@code //}, but Spring's request-path parsing, which runs
 * before it, threw on them where a servlet of its own is mapped ({@code /engine-rest;x/user}: "Invalid contextPath"),
 * so they answered 500 with a stack trace in the log. This filter, first in the chain, applies the same firewall
 * rules to every request and answers what it refuses with 400 Problem Details.
 */
final class RequestPathGuard extends OncePerRequestFilter {

    private final StrictHttpFirewall firewall = new StrictHttpFirewall();

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try {
            firewall.getFirewalledRequest(request);
        } catch (RequestRejectedException e) {
            SecurityConfiguration.writeProblem(response, 400, "Bad request", "The request's address is not acceptable");
            return;
        }
        chain.doFilter(request, response);
    }
}
