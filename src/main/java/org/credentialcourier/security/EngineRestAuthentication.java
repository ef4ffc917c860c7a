package org.credentialcourier.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.camunda.bpm.engine.IdentityService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The engine's REST API honours Camunda authorizations: after Spring Security has signed the caller in (HTTP Basic
 * against Camunda's identity service), the engine learns who it is and in which groups for the length of the
 * request, so a process owner can read but not start, and a credential admin works only the credential processes.
 */
@Configuration(proxyBeanMethods = false)
public class EngineRestAuthentication {

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> engineRestAuthenticationFilter(
            ObjectProvider<IdentityService> identityService) {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(
                new EngineAuthenticationFilter(identityService));
        registration.addUrlPatterns("/engine-rest/*");
        // after Spring Security's filter chain (order -100), before the REST servlet
        registration.setOrder(0);
        return registration;
    }

    static final class EngineAuthenticationFilter extends OncePerRequestFilter {

        /** Looked up on the first request: filters are made early, and the engine should not be made for them. */
        private final ObjectProvider<IdentityService> identityService;

        EngineAuthenticationFilter(ObjectProvider<IdentityService> identityService) {
            this.identityService = identityService;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication signedIn = SecurityContextHolder.getContext().getAuthentication();
            if (signedIn == null || !signedIn.isAuthenticated()) {
                response.sendError(HttpServletResponse.SC_UNAUTHORIZED);
                return;
            }
            List<String> groups = signedIn.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                    .filter(a -> a.startsWith(CamundaIdentityAuthenticationProvider.GROUP_PREFIX))
                    .map(a -> a.substring(CamundaIdentityAuthenticationProvider.GROUP_PREFIX.length()))
                    .toList();
            IdentityService identities = identityService.getObject();
            identities.setAuthentication(signedIn.getName(), groups);
            try {
                chain.doFilter(request, response);
            } finally {
                identities.clearAuthentication();
            }
        }
    }
}
