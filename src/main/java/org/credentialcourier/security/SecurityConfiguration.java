package org.credentialcourier.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.system.CourierProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;

/**
 * Who may open which door. The application's REST API takes HTTP Basic for members of {@code courier.admin-group};
 * the engine's REST API takes it for them and for process owners, and then applies Camunda's authorizations
 * ({@link EngineRestAuthentication}); the admin pages take the same sign-in; the member pages and the health check are
 * public, with a Content-Security-Policy that allows no script; Camunda's webapps keep their own sign-in, CSRF
 * protection and security headers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    @Bean
    @Order(1)
    SecurityFilterChain apis(HttpSecurity http, CourierProperties properties,
                             CamundaIdentityAuthenticationProvider identities) throws Exception {
        String admins = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + properties.adminGroup();
        return http
                // the engine's REST API is a servlet of its own: match on the whole path, not the MVC path
                .securityMatcher(new OrRequestMatcher(PATHS.matcher("/api/**"), PATHS.matcher("/engine-rest/**"),
                        PATHS.matcher("/actuator/**")))
                .authenticationProvider(identities)
                .authorizeHttpRequests(requests -> requests
                        // the health check is public; the components' details only for admins (see application.yaml)
                        .requestMatchers(PATHS.matcher("/actuator/health"), PATHS.matcher("/actuator/health/**")).permitAll()
                        // the engine's REST API: Camunda's authorizations decide what each group may do there
                        .requestMatchers(PATHS.matcher("/engine-rest/**")).hasAnyAuthority(admins,
                                CamundaIdentityAuthenticationProvider.GROUP_PREFIX + AccessControlSetup.PROCESS_OWNERS,
                                CamundaIdentityAuthenticationProvider.GROUP_PREFIX + "camunda-admin")
                        .anyRequest().hasAuthority(admins))
                .httpBasic(basic -> basic.authenticationEntryPoint(problem(401, "Sign in with HTTP Basic")))
                .exceptionHandling(errors -> errors
                        .authenticationEntryPoint(problem(401, "Sign in with HTTP Basic"))
                        .accessDeniedHandler(denied()))
                // stateless, credentials on every request: no session, no cookie to forge a request with
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(2)
    SecurityFilterChain adminPages(HttpSecurity http, CourierProperties properties,
                                   CamundaIdentityAuthenticationProvider identities) throws Exception {
        String admins = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + properties.adminGroup();
        return http
                .securityMatcher("/admin/**")
                .authenticationProvider(identities)
                .authorizeHttpRequests(requests -> requests.anyRequest().hasAuthority(admins))
                .httpBasic(basic -> basic.realmName("Credential Courier"))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** Camunda's webapps authenticate, authorize and protect themselves (CSRF, their own security headers). */
    @Bean
    @Order(3)
    SecurityFilterChain camundaWebapps(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(PATHS.matcher("/camunda/**"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .csrf(csrf -> csrf.disable())
                .headers(headers -> headers.disable())
                .build();
    }

    @Bean
    @Order(4)
    SecurityFilterChain everythingElse(HttpSecurity http) throws Exception {
        return http
                .authorizeHttpRequests(requests -> requests
                        // the member pages
                        .requestMatchers("/activate", "/reset-password", "/forgot-password", "/sign-in",
                                "/change-password", "/account", "/sign-out").permitAll()
                        .requestMatchers("/css/**", "/error", "/").permitAll()
                        .anyRequest().denyAll())
                .headers(headers -> headers
                        // no script on any page of ours; nothing may frame them; links carry no referrer
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** For the application's own pages: styles from this site only, no script at all, no framing, forms post home. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; "
            + "form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    /** Requests that Spring Security's firewall refuses (encoded dots, line breaks in the path): Problem Details too. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> writeProblem(response, 400, "Bad request",
                "The request's address is not acceptable");
    }

    private static AuthenticationEntryPoint problem(int status, String detail) {
        return (request, response, e) -> {
            response.setHeader("WWW-Authenticate", "Basic realm=\"Credential Courier\"");
            writeProblem(response, status, "Unauthorized", detail);
        };
    }

    private static AccessDeniedHandler denied() {
        return (request, response, e) -> writeProblem(response, 403, "Forbidden",
                "Only members of the credential admins group may use this API");
    }

    private static void writeProblem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"}");
    }
}
