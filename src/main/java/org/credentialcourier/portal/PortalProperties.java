package org.credentialcourier.portal;

import java.net.URI;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.portals[...]}: the organisation's portals that sign members in with Courier (OpenID Connect clients,
 * docs/PORTALS.md). Registered from the settings at every start, so that a cluster's nodes agree; the secret only as a
 * hash (e.g. {@code {bcrypt}$2a$10$...}), never as it is.
 */
@Validated
@ConfigurationProperties(prefix = "courier")
public record PortalProperties(@DefaultValue List<@Valid Portal> portals) {

    /** A hash with its encoder's id in braces, as Spring Security's DelegatingPasswordEncoder reads it. */
    public static final String SECRET_HASH = "\\{(bcrypt|argon2|argon2@SpringSecurity_v5_8|pbkdf2|pbkdf2@SpringSecurity_v5_8"
            + "|scrypt|scrypt@SpringSecurity_v5_8)}.+";

    /**
     * One portal: {@code clientId} as the portal's OIDC settings name it; {@code secretHash} the hash of its client
     * secret; {@code redirectUris} compared exactly, character for character; {@code postLogoutRedirectUris} where it
     * may send a member after signing out; {@code startPage} where a member goes after activating the account or
     * resetting the password (none: Courier's own page).
     */
    public record Portal(@NotBlank @Pattern(regexp = "[A-Za-z0-9._-]{1,100}") String clientId,
                         @NotBlank String name,
                         @NotBlank @Pattern(regexp = SECRET_HASH, message = "must be a hash such as {bcrypt}$2a$10$...")
                         String secretHash,
                         @NotEmpty List<URI> redirectUris,
                         @DefaultValue List<URI> postLogoutRedirectUris,
                         URI startPage) {
    }
}
