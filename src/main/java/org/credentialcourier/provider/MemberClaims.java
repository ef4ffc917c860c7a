package org.credentialcourier.provider;

import java.sql.Timestamp;
import java.util.Set;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.oidc.OidcScopes;
import org.springframework.security.oauth2.core.oidc.StandardClaimNames;
import org.springframework.security.oauth2.core.oidc.endpoint.OidcParameterNames;
import org.springframework.security.oauth2.server.authorization.token.JwtEncodingContext;
import org.springframework.security.oauth2.server.authorization.token.OAuth2TokenCustomizer;
import org.springframework.stereotype.Component;

/**
 * What a portal learns of the member, and the key that signs it. The subject is the contact's id, which stays when the
 * address changes; {@code email} and {@code email_verified} with scope {@code email}, {@code name} and {@code locale}
 * with scope {@code profile}. An address counts as verified once a link sent to it was used (the invitation's
 * activation, or a reset) after it was last set. A disabled or erased account gets no token at all, whatever it was
 * granted before.
 */
@Component
class MemberClaims implements OAuth2TokenCustomizer<JwtEncodingContext> {

    private final ContactRepository contacts;
    private final SigningKeys keys;
    private final JdbcClient jdbc;

    MemberClaims(ContactRepository contacts, SigningKeys keys, JdbcClient jdbc) {
        this.contacts = contacts;
        this.keys = keys;
        this.jdbc = jdbc;
    }

    @Override
    public void customize(JwtEncodingContext context) {
        // the newest key signs; naming it lets portals pick it from the published set
        context.getJwsHeader().keyId(keys.signingKeyId());
        if (context.getPrincipal() == null || context.getAuthorizationGrantType() == null
                || "client_credentials".equals(context.getAuthorizationGrantType().getValue())) {
            return;
        }
        Contact contact = contacts.findById(context.getPrincipal().getName())
                .filter(found -> found.accountStatus() != AccountStatus.DISABLED)
                .orElseThrow(() -> new OAuth2AuthenticationException(new OAuth2Error(OAuth2ErrorCodes.INVALID_GRANT,
                        "The account is disabled or no longer exists", null)));
        if (!OidcParameterNames.ID_TOKEN.equals(context.getTokenType().getValue())) {
            return;
        }
        Set<String> scopes = context.getAuthorizedScopes();
        context.getClaims().claims(claims -> {
            if (scopes.contains(OidcScopes.EMAIL)) {
                claims.put(StandardClaimNames.EMAIL, contact.email());
                claims.put(StandardClaimNames.EMAIL_VERIFIED, emailVerified(contact.id()));
            }
            if (scopes.contains(OidcScopes.PROFILE)) {
                claims.put(StandardClaimNames.NAME, contact.displayName());
                claims.put(StandardClaimNames.GIVEN_NAME, contact.firstName());
                claims.put(StandardClaimNames.FAMILY_NAME, contact.lastName());
                claims.put(StandardClaimNames.LOCALE, contact.locale());
            }
        });
    }

    /** Whether a link sent to the current address was used since the address was last set. */
    boolean emailVerified(String contactId) {
        Timestamp proven = jdbc.sql("""
                        SELECT MAX(at) FROM (
                            SELECT accepted_at AS at FROM invitation WHERE contact_id = :id AND accepted_at IS NOT NULL
                            UNION ALL
                            SELECT occurred_at AS at FROM contact_event WHERE contact_id = :id AND event_type = 'PASSWORD_RESET'
                        ) proofs""")
                .param("id", contactId).query(Timestamp.class).optional().orElse(null);
        if (proven == null) {
            return false;
        }
        Timestamp changed = jdbc.sql("""
                        SELECT MAX(occurred_at) FROM contact_event WHERE contact_id = :id AND event_type = 'EMAIL_CHANGED'""")
                .param("id", contactId).query(Timestamp.class).optional().orElse(null);
        return changed == null || proven.after(changed);
    }
}
