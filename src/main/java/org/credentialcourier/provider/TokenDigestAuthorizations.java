package org.credentialcourier.provider;

import org.credentialcourier.credential.SecretDigest;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2RefreshToken;
import org.springframework.security.oauth2.core.OAuth2Token;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.server.authorization.OAuth2Authorization;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationCode;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/**
 * Spring Authorization Server's JDBC service, storing only the SHA-256 of every token value (authorization code,
 * access, refresh and ID token) as this application keeps every other secret: a copy of the table signs nobody in
 * anywhere. Look-ups hash the presented value the same way. A value already digested (an authorization read back and
 * saved again) is left as it is.
 */
final class TokenDigestAuthorizations implements OAuth2AuthorizationService {

    private static final String PREFIX = "sha256:";

    private final OAuth2AuthorizationService stored;

    TokenDigestAuthorizations(OAuth2AuthorizationService stored) {
        this.stored = stored;
    }

    @Override
    public void save(OAuth2Authorization authorization) {
        OAuth2Authorization.Builder digested = OAuth2Authorization.from(authorization);
        var code = authorization.getToken(OAuth2AuthorizationCode.class);
        if (code != null && !isDigest(code.getToken())) {
            OAuth2AuthorizationCode token = code.getToken();
            keep(digested, new OAuth2AuthorizationCode(digest(token.getTokenValue()), token.getIssuedAt(),
                    token.getExpiresAt()), code);
        }
        var access = authorization.getToken(OAuth2AccessToken.class);
        if (access != null && !isDigest(access.getToken())) {
            OAuth2AccessToken token = access.getToken();
            keep(digested, new OAuth2AccessToken(token.getTokenType(), digest(token.getTokenValue()),
                    token.getIssuedAt(), token.getExpiresAt(), token.getScopes()), access);
        }
        var refresh = authorization.getToken(OAuth2RefreshToken.class);
        if (refresh != null && !isDigest(refresh.getToken())) {
            OAuth2RefreshToken token = refresh.getToken();
            keep(digested, new OAuth2RefreshToken(digest(token.getTokenValue()), token.getIssuedAt(),
                    token.getExpiresAt()), refresh);
        }
        var idToken = authorization.getToken(OidcIdToken.class);
        if (idToken != null && !isDigest(idToken.getToken())) {
            OidcIdToken token = idToken.getToken();
            keep(digested, new OidcIdToken(digest(token.getTokenValue()), token.getIssuedAt(), token.getExpiresAt(),
                    token.getClaims()), idToken);
        }
        stored.save(digested.build());
    }

    private static <T extends OAuth2Token> void keep(OAuth2Authorization.Builder builder, T token,
                                                    OAuth2Authorization.Token<?> original) {
        builder.token(token, metadata -> {
            metadata.clear();
            metadata.putAll(original.getMetadata());
        });
    }

    @Override
    public void remove(OAuth2Authorization authorization) {
        stored.remove(authorization);
    }

    @Override
    public OAuth2Authorization findById(String id) {
        return stored.findById(id);
    }

    @Override
    public OAuth2Authorization findByToken(String token, OAuth2TokenType tokenType) {
        // the consent's state is a correlation value, not a credential: it stays as it is
        if (tokenType != null && OAuth2ParameterNames.STATE.equals(tokenType.getValue())) {
            return stored.findByToken(token, tokenType);
        }
        return stored.findByToken(digest(token), tokenType);
    }

    private static boolean isDigest(OAuth2Token token) {
        return token.getTokenValue().startsWith(PREFIX);
    }

    static String digest(String value) {
        return PREFIX + SecretDigest.sha256(value);
    }
}
