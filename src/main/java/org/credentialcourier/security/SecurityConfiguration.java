package org.credentialcourier.security;

import static org.credentialcourier.system.web.ConsolePaths.ADMIN_DENIED;
import static org.credentialcourier.system.web.ConsolePaths.ADMIN_SIGN_IN;

import java.io.IOException;
import java.util.LinkedHashMap;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.ContentSecurityPolicy;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.DelegatingAuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SimpleUrlAuthenticationFailureHandler;
import org.springframework.security.web.authentication.logout.SimpleUrlLogoutSuccessHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may open which door. The application's REST API takes HTTP Basic for members of {@code courier.admin-group};
 * the engine's REST API takes it for them and for process owners, and then applies Camunda's authorizations
 * ({@link EngineRestAuthentication}); the admin pages and the console take the same sign-in (a form for browsers, or
 * HTTP Basic); the member pages and the health check are public, with a Content-Security-Policy that allows no
 * script; Camunda's webapps keep their own sign-in, CSRF protection and security headers.
 */
@Configuration(proxyBeanMethods = false)
public class SecurityConfiguration {

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /**
     * The providers' delivery-event webhooks ({@code POST /api/delivery-events/<provider>}, docs/BOUNCES.md): a
     * provider has no admin's password and is another site (SNS even posts {@code text/plain}), so this one path goes
     * without HTTP Basic and without the cross-site guard of the API; each provider proves itself by its signature or
     * credentials in the endpoint instead. POST only, one path segment: anything else there is the API's.
     */
    @Bean
    @Order(0)
    SecurityFilterChain deliveryEventWebhooks(HttpSecurity http) throws Exception {
        return http
                .securityMatcher(PATHS.matcher(HttpMethod.POST, "/api/delivery-events/{provider}"))
                .authorizeHttpRequests(requests -> requests.anyRequest().permitAll())
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable())
                .build();
    }

    @Bean
    @Order(1)
    SecurityFilterChain apis(HttpSecurity http, CourierProperties properties,
                             CamundaIdentityAuthenticationProvider identities) throws Exception {
        String admins = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + properties.adminGroup();
        return http
                // the engine's REST API is a servlet of its own: match on the whole path, not the MVC path
                .securityMatcher(new OrRequestMatcher(PATHS.matcher("/api/**"), PATHS.matcher("/engine-rest/**"),
                        PATHS.matcher("/actuator/**")))
                // this provider only, no parent: with the global manager as parent, every wrong password was
                // checked (and counted) twice
                .authenticationManager(new ProviderManager(identities))
                // before anyone is signed in: a request another site's page made is refused without a password check
                .addFilterBefore(new CrossSiteRequestFilter(properties.publicBaseUrl()), BasicAuthenticationFilter.class)
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

    /**
     * The admin pages and the console: a sign-in form for browsers (a session cookie, HttpOnly and SameSite=Lax, Secure
     * whenever the request came over HTTPS, a new session id at sign-in) and HTTP Basic for scripts, both against the
     * same Camunda identities as the API; CSRF tokens on every form. A browser that is not signed in (it asks for
     * HTML) is sent to the sign-in page and back to where it was going; any other client gets 401 and a Basic
     * challenge. The signed-in session is kept under a key of its own, so that it signs nobody in on the member pages.
     */
    @Bean
    @Order(2)
    SecurityFilterChain adminPages(HttpSecurity http, CourierProperties properties,
                                   CamundaIdentityAuthenticationProvider identities) throws Exception {
        String admins = CamundaIdentityAuthenticationProvider.GROUP_PREFIX + properties.adminGroup();
        HttpSessionSecurityContextRepository sessions = new HttpSessionSecurityContextRepository();
        sessions.setSpringSecurityContextKey(ADMIN_SESSION_KEY);
        BasicAuthenticationEntryPoint challenge = new BasicAuthenticationEntryPoint();
        challenge.setRealmName("Credential Courier");
        AuthenticationEntryPoint basic = (request, response, e) -> {
            if (e instanceof LoginThrottle.Throttled throttled) {
                LoginThrottle.writeThrottled(response, throttled.retryAfterSeconds());
            } else {
                challenge.commence(request, response, e);
            }
        };
        // to the sign-in page by its path: an absolute URL would be made from the request's Host header
        LoginUrlAuthenticationEntryPoint signInPage = new LoginUrlAuthenticationEntryPoint(ADMIN_SIGN_IN);
        signInPage.setFavorRelativeUris(true);
        LinkedHashMap<RequestMatcher, AuthenticationEntryPoint> browsers = new LinkedHashMap<>();
        browsers.put(request -> {
            String accept = request.getHeader("Accept");
            return accept != null && accept.contains("text/html");
        }, signInPage);
        DelegatingAuthenticationEntryPoint entryPoint = new DelegatingAuthenticationEntryPoint(browsers);
        entryPoint.setDefaultEntryPoint(basic);
        // back to the sign-in page, whatever the client accepts (HTTP Basic would answer 204 to some)
        SimpleUrlLogoutSuccessHandler signedOut = new SimpleUrlLogoutSuccessHandler();
        signedOut.setDefaultTargetUrl(ADMIN_SIGN_IN + "?signed-out");
        signedOut.setRedirectStrategy(new RelativeRedirectStrategy());
        // back to the page the browser wanted, by its path only (the saved URL was made from the Host header)
        SavedRequestAwareAuthenticationSuccessHandler signedIn = new SavedRequestAwareAuthenticationSuccessHandler();
        signedIn.setDefaultTargetUrl("/admin/contacts");
        signedIn.setRedirectStrategy(new RelativeRedirectStrategy());
        return http
                .securityMatcher("/admin/**")
                // this provider only, no parent: with the global manager as parent, every wrong password was
                // checked (and counted) twice
                .authenticationManager(new ProviderManager(identities))
                .securityContext(context -> context.securityContextRepository(new DelegatingSecurityContextRepository(
                        new RequestAttributeSecurityContextRepository(), sessions)))
                .authorizeHttpRequests(requests -> requests
                        .requestMatchers(PATHS.matcher(ADMIN_SIGN_IN), PATHS.matcher(ADMIN_DENIED)).permitAll()
                        .anyRequest().hasAuthority(admins))
                .formLogin(form -> form.loginPage(ADMIN_SIGN_IN).successHandler(signedIn)
                        .failureHandler(signInFailed()))
                .logout(logout -> logout.logoutRequestMatcher(PATHS.matcher(HttpMethod.POST, "/admin/sign-out"))
                        .logoutSuccessHandler(signedOut))
                .httpBasic(httpBasic -> httpBasic.authenticationEntryPoint(basic))
                .exceptionHandling(errors -> errors.authenticationEntryPoint(entryPoint)
                        .accessDeniedPage(ADMIN_DENIED))
                .headers(headers -> headers
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONSOLE_CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** The session attribute that holds an admin's sign-in (not Spring Security's default, which every chain reads). */
    static final String ADMIN_SESSION_KEY = "courier.admin.securityContext";

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
                        .requestMatchers("/css/**", "/js/**", "/error", "/").permitAll()
                        .anyRequest().denyAll())
                .headers(headers -> headers
                        // no script on any page of ours; nothing may frame them; links carry no referrer
                        .contentSecurityPolicy(csp -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
                        .referrerPolicy(referrer -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
                .build();
    }

    /** For the application's own pages: styles from this site only, no script at all, no framing, forms post home. */
    static final String CONTENT_SECURITY_POLICY = ContentSecurityPolicy.PAGES;

    /**
     * For the console's pages: the same, with the console's own script file (a Copy button, the browser's time zone).
     * Nothing inline and nothing from elsewhere, so an injected script still does not run; every page works without it.
     */
    static final String CONSOLE_CONTENT_SECURITY_POLICY = CONTENT_SECURITY_POLICY + "; script-src 'self'";

    /** Requests that Spring Security's firewall refuses (encoded dots, line breaks in the path): Problem Details too. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> writeProblem(response, 400, "Bad request",
                "The request's address is not acceptable");
    }

    /**
     * 401 with a Basic challenge for scripts; none for a browser's navigation (it would ask for a password and then
     * send it along with every request to the API, a form on another site's page included); 429 for a throttled
     * sign-in ({@link LoginThrottle}).
     */
    private static AuthenticationEntryPoint problem(int status, String detail) {
        return (request, response, e) -> {
            if (e instanceof LoginThrottle.Throttled throttled) {
                LoginThrottle.writeThrottled(response, throttled.retryAfterSeconds());
                return;
            }
            if (!browserNavigation(request)) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"Credential Courier\"");
            }
            writeProblem(response, status, "Unauthorized", detail);
        };
    }

    static boolean browserNavigation(HttpServletRequest request) {
        String mode = request.getHeader("Sec-Fetch-Mode");
        String accept = request.getHeader("Accept");
        return "navigate".equalsIgnoreCase(mode) || (accept != null && accept.contains("text/html"));
    }

    /** A wrong password back to the form; a throttled sign-in a page of its own with 429 and {@code Retry-After}. */
    private static AuthenticationFailureHandler signInFailed() {
        SimpleUrlAuthenticationFailureHandler wrong = new SimpleUrlAuthenticationFailureHandler(ADMIN_SIGN_IN + "?error");
        wrong.setRedirectStrategy(new RelativeRedirectStrategy());
        return (request, response, e) -> {
            if (e instanceof LoginThrottle.Throttled throttled) {
                long minutes = Math.max(1, (throttled.retryAfterSeconds() + 59) / 60);
                response.setStatus(429);
                response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                        + "<title>Too many attempts</title><link rel=\"stylesheet\" href=\"/css/console.css\"></head>"
                        + "<body><main><h1>Too many attempts</h1><p class=\"problem-box\" role=\"alert\">Too many failed "
                        + "sign-ins from your network. Wait " + minutes + " minutes, then <a href=\"" + ADMIN_SIGN_IN
                        + "\">sign in</a> again.</p></main></body></html>");
                return;
            }
            wrong.onAuthenticationFailure(request, response, e);
        };
    }

    private static AccessDeniedHandler denied() {
        return (request, response, e) -> writeProblem(response, 403, "Forbidden",
                "Only members of the credential admins group may use this API");
    }

    /** Problem Details from fixed text (never from the request): no JSON escaping needed. */
    static void writeProblem(HttpServletResponse response, int status, String title, String detail)
            throws IOException {
        writeProblem(response, status, title, detail, null);
    }

    /** The same, naming the field (here a header) that was refused. */
    static void writeProblem(HttpServletResponse response, int status, String title, String detail, String field)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (field == null ? "" : ",\"field\":\"" + field + "\"") + "}");
    }
}
