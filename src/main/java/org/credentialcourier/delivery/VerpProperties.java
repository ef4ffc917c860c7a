package org.credentialcourier.delivery;

import jakarta.validation.constraints.Pattern;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.bounces.verp-address}: the bounce address whose VERP form {@code local+<attempt>@domain} becomes the
 * envelope sender of every attempt, so that a bounce names its attempt even when it quotes nothing of the message.
 * Blank (the default): the envelope sender is the From address, and bounces are matched by Message-ID alone.
 */
@Validated
@ConfigurationProperties(prefix = "courier.bounces")
public record VerpProperties(
        @DefaultValue("") @Pattern(regexp = "|[A-Za-z0-9._-]{1,40}@[A-Za-z0-9.-]{1,200}",
                message = "must be blank or a plain address such as bounces@bounces.example.org") String verpAddress) {

    public boolean enabled() {
        return verpAddress != null && !verpAddress.isBlank();
    }
}
