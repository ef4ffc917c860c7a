package org.credentialcourier.bounce.webhook;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.webhooks.*}: the providers whose delivery events Courier takes at
 * {@code POST /api/delivery-events/{provider}}. Each is off by default (a disabled provider's path answers 404), since
 * each opens a door without a password. Secrets are never shown ({@link #toString()} of each part).
 *
 * @param maxBodySize largest request body taken (413 beyond)
 * @param maxAge      how old a signed timestamp may be (SendGrid, Mailgun); older requests are refused as stale
 */
@Validated
@ConfigurationProperties(prefix = "courier.webhooks")
public record WebhookProperties(
        @DefaultValue("512KB") @NotNull DataSize maxBodySize,
        @DefaultValue("PT5M") @NotNull Duration maxAge,
        @DefaultValue @Valid Ses ses,
        @DefaultValue @Valid SendGrid sendgrid,
        @DefaultValue @Valid Mailgun mailgun,
        @DefaultValue @Valid Postmark postmark) {

    /**
     * Amazon SES through SNS. {@code certificateUrlPattern}: a regular expression the whole SigningCertURL and
     * SubscribeURL must match (AWS's: https on {@code sns.<region>.amazonaws.com}); {@code topicArns}: the topics
     * whose messages are taken (anybody can have SNS sign messages of a topic of their own).
     */
    public record Ses(
            @DefaultValue("false") boolean enabled,
            @DefaultValue("https://sns\\.[a-z0-9-]{1,30}\\.amazonaws\\.com(\\.cn)?/.*") @NotNull String certificateUrlPattern,
            @DefaultValue @NotNull java.util.List<String> topicArns) {
    }

    /** SendGrid's signed Event Webhook: {@code publicKey} is its verification key (base64, as SendGrid shows it). */
    public record SendGrid(@DefaultValue("false") boolean enabled, @DefaultValue("") String publicKey) {

        @Override
        public String toString() {
            return "SendGrid[enabled=" + enabled + "]";
        }
    }

    /** Mailgun: {@code signingKey} is the account's HTTP webhook signing key. */
    public record Mailgun(@DefaultValue("false") boolean enabled, @DefaultValue("") String signingKey) {

        @Override
        public String toString() {
            return "Mailgun[enabled=" + enabled + "]";
        }
    }

    /**
     * Postmark (which does not sign): the HTTP Basic credentials put in the webhook's URL; the password only as the
     * hex SHA-256 of its UTF-8 bytes ({@code passwordSha256}).
     */
    public record Postmark(@DefaultValue("false") boolean enabled, @DefaultValue("") String username,
                           @DefaultValue("") String passwordSha256) {

        @Override
        public String toString() {
            return "Postmark[enabled=" + enabled + ", username=" + username + "]";
        }
    }
}
