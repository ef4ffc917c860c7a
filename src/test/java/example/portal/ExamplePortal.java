package example.portal;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.context.PropertyPlaceholderAutoConfiguration;
import org.springframework.boot.autoconfigure.http.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.client.OAuth2ClientAutoConfiguration;
import org.springframework.boot.autoconfigure.security.oauth2.client.servlet.OAuth2ClientWebSecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.security.servlet.SecurityAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.DispatcherServletAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.ServletWebServerFactoryAutoConfiguration;
import org.springframework.boot.autoconfigure.web.servlet.WebMvcAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.client.oidc.web.logout.OidcClientInitiatedLogoutSuccessHandler;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestCustomizers;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

/**
 * A portal of the organisation, as its developers would write one with Spring Security's OAuth2 client: a relying party
 * that signs its members in with Courier (discovery from the issuer, authorization code with PKCE, the client secret),
 * shows what it learnt of the member, and signs out at Courier too (RP-initiated logout). Only the auto-configuration
 * a web client needs; outside {@code org.credentialcourier}, so that Courier's own tests never pick it up, and reading
 * none of Courier's settings files.
 */
@SpringBootConfiguration
@ImportAutoConfiguration({PropertyPlaceholderAutoConfiguration.class, ServletWebServerFactoryAutoConfiguration.class,
        DispatcherServletAutoConfiguration.class, WebMvcAutoConfiguration.class,
        HttpMessageConvertersAutoConfiguration.class, SecurityAutoConfiguration.class,
        OAuth2ClientAutoConfiguration.class, OAuth2ClientWebSecurityAutoConfiguration.class})
public class ExamplePortal {

    public static final String REGISTRATION = "courier";

    /** Starts the portal on 127.0.0.1:{@code port} against Courier's issuer (its discovery document must answer). */
    public static ConfigurableApplicationContext start(int port, String issuer, String clientId, String secret) {
        String client = "--spring.security.oauth2.client.registration." + REGISTRATION + ".";
        return new SpringApplicationBuilder(ExamplePortal.class).web(WebApplicationType.SERVLET)
                .logStartupInfo(false)
                .run("--spring.config.name=example-portal", "--spring.main.banner-mode=off",
                        "--server.port=" + port, "--server.address=127.0.0.1",
                        "--server.servlet.session.cookie.name=PORTALSESSION",
                        client + "client-id=" + clientId, client + "client-secret=" + secret,
                        client + "scope=openid,profile,email",
                        client + "redirect-uri={baseUrl}/login/oauth2/code/{registrationId}",
                        "--spring.security.oauth2.client.provider." + REGISTRATION + ".issuer-uri=" + issuer);
    }

    @Bean
    SecurityFilterChain portal(HttpSecurity http, ClientRegistrationRepository registrations) throws Exception {
        DefaultOAuth2AuthorizationRequestResolver requests = new DefaultOAuth2AuthorizationRequestResolver(
                registrations, "/oauth2/authorization");
        // a confidential client with PKCE as well, as Courier requires of every portal
        requests.setAuthorizationRequestCustomizer(OAuth2AuthorizationRequestCustomizers.withPkce());
        OidcClientInitiatedLogoutSuccessHandler signedOut = new OidcClientInitiatedLogoutSuccessHandler(registrations);
        signedOut.setPostLogoutRedirectUri("{baseUrl}/signed-out");
        return http
                .authorizeHttpRequests(authorize -> authorize.requestMatchers("/", "/signed-out").permitAll()
                        .anyRequest().authenticated())
                .oauth2Login(login -> login.authorizationEndpoint(endpoint ->
                        endpoint.authorizationRequestResolver(requests)))
                .logout(logout -> logout.logoutSuccessHandler(signedOut))
                .build();
    }

    @RestController
    static class Pages {

        @GetMapping(value = "/", produces = MediaType.TEXT_HTML_VALUE)
        String home() {
            return page("Example portal", "<p><a href=\"/members\">Members' area</a></p>");
        }

        @GetMapping(value = "/members", produces = MediaType.TEXT_HTML_VALUE)
        String members(@AuthenticationPrincipal OidcUser member, CsrfToken csrf) {
            StringBuilder claims = new StringBuilder("<dl>");
            Map<String, Object> sorted = new TreeMap<>(member.getIdToken().getClaims());
            sorted.forEach((name, value) -> claims.append("<dt>").append(HtmlUtils.htmlEscape(name))
                    .append("</dt><dd id=\"claim-").append(HtmlUtils.htmlEscape(name)).append("\">")
                    .append(HtmlUtils.htmlEscape(String.valueOf(value))).append("</dd>"));
            claims.append("</dl>");
            return page("Welcome, " + HtmlUtils.htmlEscape(member.getFullName()), claims
                    + "<form method=\"post\" action=\"/logout\"><input type=\"hidden\" name=\""
                    + csrf.getParameterName() + "\" value=\"" + csrf.getToken() + "\">"
                    + "<button type=\"submit\" id=\"sign-out\">Sign out</button></form>");
        }

        @GetMapping(value = "/signed-out", produces = MediaType.TEXT_HTML_VALUE)
        String signedOut() {
            return page("Signed out", "<p>You have signed out of the portal.</p>");
        }

        private static String page(String title, String body) {
            return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + title
                    + "</title></head><body><h1>" + title + "</h1>" + body + "</body></html>";
        }
    }
}
