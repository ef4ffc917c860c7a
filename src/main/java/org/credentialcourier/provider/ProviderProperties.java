package org.credentialcourier.provider;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.provider.*}: Courier as an OpenID Provider (docs/PORTALS.md). {@code keyEncryptionSecret} encrypts
 * the token signing keys kept in the database; every node of a cluster needs the same one, and it belongs in the
 * environment ({@code COURIER_PROVIDER_KEY_ENCRYPTION_SECRET}), not in a file. The lifetimes are those of the tokens a
 * portal receives: a short access token, a refresh token that a new one replaces at every use.
 */
@Validated
@ConfigurationProperties(prefix = "courier.provider")
public record ProviderProperties(
        @NotNull @Size(min = 32, message = "must be at least 32 characters") String keyEncryptionSecret,
        @DefaultValue("PT5M") @NotNull Duration authorizationCodeTtl,
        @DefaultValue("PT10M") @NotNull Duration accessTokenTtl,
        @DefaultValue("P1D") @NotNull Duration refreshTokenTtl,
        @DefaultValue @NotNull @Valid KeyRotation keyRotation) {

    /**
     * {@code courier.provider.key-rotation.*}: a new signing key every {@code period}; an older key is retired
     * {@code retireAfter} after a newer one began to sign (longer than any token lives and any portal caches the key
     * set); every node checks every {@code checkInterval}, one at a time. {@code enabled=false}: keys change only when
     * an admin adds or retires one.
     */
    public record KeyRotation(@DefaultValue("true") boolean enabled,
                              @DefaultValue("P90D") @NotNull Duration period,
                              @DefaultValue("P7D") @NotNull Duration retireAfter,
                              @DefaultValue("PT1H") @NotNull Duration checkInterval) {

        /**
         * A period of a day at least, a grace of an hour at least (a key retired at once would end every token it
         * signed and every portal's cached key set), a check a minute apart at least.
         */
        @AssertTrue(message = "period must be P1D or more, retire-after PT1H or more, check-interval PT1M or more")
        public boolean isWithinLimits() {
            return period != null && retireAfter != null && checkInterval != null
                    && period.compareTo(Duration.ofDays(1)) >= 0 && retireAfter.compareTo(Duration.ofHours(1)) >= 0
                    && checkInterval.compareTo(Duration.ofMinutes(1)) >= 0;
        }
    }
}
