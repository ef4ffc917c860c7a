package org.credentialcourier.system;

import java.net.URI;
import java.time.Duration;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Every {@code courier.*} setting in one place. docs/OPERATIONS.md lists them with their defaults. The nested groups
 * are {@code @Valid}: without it their constraints are never checked, and a wrong value would start the application.
 */
@Validated
@ConfigurationProperties(prefix = "courier")
public record CourierProperties(
        @NotNull URI publicBaseUrl,
        @NotBlank String organisationName,
        @NotBlank String adminGroup,
        @NotNull @Valid Mail mail,
        @NotNull @Valid Invitation invitation,
        @NotNull @Valid Password password,
        @NotNull @Valid ResetLink resetLink,
        @NotNull @Valid RateLimit rateLimit,
        @NotNull @Valid Jobs jobs) {

    /**
     * {@code maxPerMinute}: the mail provider's sending limit for the whole cluster; {@code null} for none.
     * {@code brandColour} (the emails' header band and button) and {@code logoUrl} (an image above the greeting, none
     * when blank) brand the emails: the colour as hex only, so nothing else reaches a style attribute; the logo over
     * https only, so no mail program warns of mixed content or sends a reader's address to a plain-text server.
     */
    public record Mail(@NotBlank String from, @NotEmpty List<Duration> retryDelays, @NotNull @Valid EmbeddedSmtp embeddedSmtp,
                       @Min(1) Integer maxPerMinute,
                       @NotNull @Pattern(regexp = HEX_COLOUR, message = HEX_COLOUR_MESSAGE) String brandColour,
                       @Size(max = 2000) @Pattern(regexp = HTTPS_URL, message = HTTPS_URL_MESSAGE) String logoUrl) {

        /** The logo's address, or null when none is set. */
        public String logo() {
            return logoUrl == null || logoUrl.isBlank() ? null : logoUrl;
        }
    }

    /** {@code #1a2b3c} or {@code #abc}. */
    public static final String HEX_COLOUR = "#(\\p{XDigit}{3}|\\p{XDigit}{6})";
    public static final String HEX_COLOUR_MESSAGE = "must be a hex colour such as #14532d";
    /** Blank (no logo), or an https address with no space, quote or angle bracket. */
    public static final String HTTPS_URL = "|https://[^\\s\"'<>\\\\]+";
    public static final String HTTPS_URL_MESSAGE = "must be an https:// address (or blank for no logo)";

    public record EmbeddedSmtp(boolean enabled, @Min(0) int port) {
    }

    public record Invitation(@NotNull Duration expiry, @NotNull Duration reminderBeforeExpiry) {
    }

    /**
     * The password policy; generated passwords are temporary: they must be changed at the first sign-in and stop
     * working after {@code temporaryValidity}. {@code changeNotice}: tell the contact after every password change.
     */
    public record Password(@Min(8) int minLength, @Min(12) int generatedLength, @NotNull Duration temporaryValidity,
                           boolean changeNotice) {
    }

    /** How long a reset link works: asked for by the contact, or sent by an admin. */
    public record ResetLink(@NotNull Duration validity, @NotNull Duration adminValidity) {
    }

    /**
     * Abuse limits: forgot-password requests per address and per client address within {@code forgotPasswordWindow};
     * failed sign-ins per account and client address within {@code signInWindow}; links to an unknown token per client
     * address within {@code unknownLinksWindow} (guessing tokens).
     */
    public record RateLimit(@Min(1) int forgotPasswordPerAddress, @Min(1) int forgotPasswordPerClient,
                            @NotNull Duration forgotPasswordWindow, @Min(1) int signInFailures,
                            @NotNull Duration signInWindow, @Min(1) int unknownLinks,
                            @NotNull Duration unknownLinksWindow) {
    }

    /** Retry cycle of the engine's jobs for technical failures, e.g. {@code R3/PT1M}; at the end an incident. */
    public record Jobs(@NotBlank String retryCycle) {
    }

    /** An absolute link under the public base URL; never built from a request's Host header. */
    public String publicLink(String path) {
        String base = publicBaseUrl.toString();
        if (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base + path;
    }
}
