package org.credentialcourier.provider;

import org.credentialcourier.credential.CredentialsEnded;
import org.credentialcourier.limits.RateLimiter;
import org.credentialcourier.member.MemberSession;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.JdbcOAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationConsentService;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configuration.OAuth2AuthorizationServerConfiguration;
import org.springframework.security.oauth2.server.authorization.config.annotation.web.configurers.OAuth2AuthorizationServerConfigurer;
import org.springframework.security.oauth2.server.authorization.settings.AuthorizationServerSettings;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.authentication.preauth.AbstractPreAuthenticatedProcessingFilter;
import org.springframework.security.web.util.matcher.MediaTypeRequestMatcher;

/**
 * Courier as an OpenID Provider (Spring Authorization Server), for the organisation's portals: discovery, the
 * authorization code flow with PKCE, tokens signed with the keys every node shares, user info and RP-initiated logout.
 * Its filter chain matches the provider's endpoints only, so no other door (console, APIs, Camunda's webapps, member
 * pages) changes. The member pages' sign-in is the provider's sign-in page: a browser that is not signed in goes
 * there, and back to the portal's request once signed in. Portals, authorizations and consents are kept in the
 * database, so any node serves any step.
 */
@Configuration(proxyBeanMethods = false)
public class ProviderConfiguration {

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    SecurityFilterChain openIdProvider(HttpSecurity http, MemberSession sessions, RateLimiter limiter)
            throws Exception {
        PortalSecretThrottle guesses = new PortalSecretThrottle(limiter);
        OAuth2AuthorizationServerConfigurer provider = OAuth2AuthorizationServerConfigurer.authorizationServer();
        LoginUrlAuthenticationEntryPoint signIn = new LoginUrlAuthenticationEntryPoint(PublicLinks.SIGN_IN);
        signIn.setFavorRelativeUris(true);
        MediaTypeRequestMatcher browsers = new MediaTypeRequestMatcher(MediaType.TEXT_HTML);
        browsers.setIgnoredMediaTypes(java.util.Set.of(MediaType.ALL));
        return http
                .securityMatcher(provider.getEndpointsMatcher())
                .with(provider, server -> server.oidc(Customizer.withDefaults())
                        .clientAuthentication(client -> client.errorResponseHandler(guesses.countingFailures())))
                // before the client's secret is checked (the provider puts that check after this filter's place)
                .addFilterBefore(guesses.refusingGuessers(), AbstractPreAuthenticatedProcessingFilter.class)
                .authorizeHttpRequests(requests -> requests.anyRequest().authenticated())
                // the member pages' session, read only; a portal's request waits in a session attribute of its own
                .securityContext(context -> context.securityContextRepository(new MemberSecurityContext(sessions)))
                .requestCache(cache -> cache.requestCache(MemberSession.portalRequests()))
                .sessionManagement(session -> session.sessionCreationPolicy(SessionCreationPolicy.NEVER))
                .exceptionHandling(errors -> errors.defaultAuthenticationEntryPointFor(signIn, browsers))
                // user info takes the access token
                .oauth2ResourceServer(resource -> resource.jwt(Customizer.withDefaults()))
                .build();
    }

    /** The issuer is the public base URL, never taken from a request's Host header. */
    @Bean
    AuthorizationServerSettings authorizationServerSettings(CourierProperties properties) {
        String issuer = properties.publicBaseUrl().toString();
        return AuthorizationServerSettings.builder()
                .issuer(issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer).build();
    }

    @Bean
    RegisteredClientRepository portalClientRepository(JdbcTemplate jdbc) {
        return new JdbcRegisteredClientRepository(jdbc);
    }

    /** Named apart from Camunda's own {@code authorizationService}. */
    @Bean
    OAuth2AuthorizationService portalAuthorizationService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new TokenDigestAuthorizations(new JdbcOAuth2AuthorizationService(jdbc, clients));
    }

    @Bean
    OAuth2AuthorizationConsentService portalConsentService(JdbcTemplate jdbc, RegisteredClientRepository clients) {
        return new JdbcOAuth2AuthorizationConsentService(jdbc, clients);
    }

    @Bean
    JwtDecoder providerJwtDecoder(SigningKeys keys) {
        return OAuth2AuthorizationServerConfiguration.jwtDecoder(keys);
    }

    /**
     * A new password, a changed address or a disabled account ends every portal's authorization of the member: their
     * refresh tokens stop working and no code given out before can be exchanged. In the same transaction.
     */
    @Bean
    PortalAuthorizationsEnd portalAuthorizationsEnd(JdbcClient jdbc) {
        return new PortalAuthorizationsEnd(jdbc);
    }

    /** Deletes the member's authorizations when the member's credentials end. */
    static final class PortalAuthorizationsEnd {

        private final JdbcClient jdbc;

        PortalAuthorizationsEnd(JdbcClient jdbc) {
            this.jdbc = jdbc;
        }

        @EventListener
        void on(CredentialsEnded ended) {
            jdbc.sql("DELETE FROM oauth2_authorization WHERE principal_name = :contactId")
                    .param("contactId", ended.contactId()).update();
        }
    }
}
