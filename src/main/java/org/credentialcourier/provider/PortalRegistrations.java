package org.credentialcourier.provider;

import java.net.URI;
import java.util.UUID;

import org.credentialcourier.portal.PortalChanged;
import org.credentialcourier.portal.PortalProperties;
import org.credentialcourier.portal.PortalRegistered;
import org.credentialcourier.portal.PortalRemoved;
import org.credentialcourier.portal.Portals;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.ClientSettings;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;
import org.springframework.stereotype.Component;

/**
 * Registers the portals (of {@code courier.portals} and of the console) with the provider at every start, under the id it had before, so a
 * changed setting (a new redirect address, a new secret) replaces the registration on every node. Every portal uses the
 * authorization code flow with PKCE (required, S256), exact redirect addresses, no consent screen (the portals are
 * the organisation's own), and refresh tokens that a new one replaces at every use.
 */
@Component
class PortalRegistrations implements ApplicationRunner {

    private final Portals portals;
    private final RegisteredClientRepository clients;
    private final ProviderProperties properties;

    private final JdbcClient jdbc;

    PortalRegistrations(Portals portals, RegisteredClientRepository clients, ProviderProperties properties,
                        JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.portals = portals;
        this.clients = clients;
        this.properties = properties;
    }

    @Override
    public void run(ApplicationArguments args) {
        portals.all().forEach(portal -> clients.save(registration(portal)));
    }

    /** A portal an admin registered in the console: a client from now on, on every node (the table is shared). */
    @EventListener
    void registered(PortalRegistered registered) {
        clients.save(registration(registered.portal()));
    }

    /** An edited portal or a new secret: the registration changes on every node, the old secret stops working. */
    @EventListener
    void changed(PortalChanged changed) {
        clients.save(registration(changed.portal()));
    }

    /**
     * A removed portal: its client, the member's authorizations of it (codes, access, refresh and ID tokens) and its
     * consents go, so no token it was given works any more (introspection, user info, refresh).
     */
    @EventListener
    void removed(PortalRemoved removed) {
        RegisteredClient client = clients.findByClientId(removed.clientId());
        if (client == null) {
            return;
        }
        jdbc.sql("DELETE FROM oauth2_authorization WHERE registered_client_id = :id").param("id", client.getId())
                .update();
        jdbc.sql("DELETE FROM oauth2_authorization_consent WHERE registered_client_id = :id")
                .param("id", client.getId()).update();
        jdbc.sql("DELETE FROM oauth2_registered_client WHERE id = :id").param("id", client.getId()).update();
    }

    RegisteredClient registration(PortalProperties.Portal portal) {
        RegisteredClient existing = clients.findByClientId(portal.clientId());
        RegisteredClient.Builder client = RegisteredClient
                .withId(existing == null ? UUID.randomUUID().toString() : existing.getId())
                .clientId(portal.clientId())
                .clientName(portal.name())
                .clientSecret(portal.secretHash())
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)
                .clientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST)
                .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                .authorizationGrantType(AuthorizationGrantType.REFRESH_TOKEN)
                .scope(OidcScopes.OPENID).scope(OidcScopes.PROFILE).scope(OidcScopes.EMAIL)
                .clientSettings(ClientSettings.builder().requireProofKey(true).requireAuthorizationConsent(false)
                        .build())
                .tokenSettings(TokenSettings.builder()
                        .authorizationCodeTimeToLive(properties.authorizationCodeTtl())
                        .accessTokenTimeToLive(properties.accessTokenTtl())
                        .refreshTokenTimeToLive(properties.refreshTokenTtl())
                        .reuseRefreshTokens(false)
                        .build());
        if (existing != null && existing.getClientIdIssuedAt() != null) {
            client.clientIdIssuedAt(existing.getClientIdIssuedAt());
        }
        portal.redirectUris().stream().map(URI::toString).forEach(client::redirectUri);
        portal.postLogoutRedirectUris().stream().map(URI::toString).forEach(client::postLogoutRedirectUri);
        return client.build();
    }
}
