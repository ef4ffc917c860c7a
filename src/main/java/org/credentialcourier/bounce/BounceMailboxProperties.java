package org.credentialcourier.bounce;

import java.time.Duration;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code courier.bounces.mailbox.*}: the mailbox the bounces reach (the envelope sender's, or the VERP address's),
 * read over IMAP every {@code pollInterval}; off by default, since it reaches outside. {@code processedFolder} and
 * {@code unreadableFolder}: where read reports and reports this application cannot read go (created when missing);
 * blank keeps them in {@code folder}, flagged. The password is never shown ({@link #toString()}).
 */
@Validated
@ConfigurationProperties(prefix = "courier.bounces.mailbox")
public record BounceMailboxProperties(
        @DefaultValue("false") boolean enabled,
        @DefaultValue("") String host,
        @DefaultValue("993") @Min(1) @Max(65535) int port,
        @DefaultValue("true") boolean tls,
        @DefaultValue("") String user,
        @DefaultValue("") String password,
        @DefaultValue("INBOX") @NotBlank String folder,
        @DefaultValue("Processed") String processedFolder,
        @DefaultValue("Unreadable") String unreadableFolder,
        @DefaultValue("PT1M") @NotNull Duration pollInterval) {

    /** The same mailbox on another server: what the tests point at their own IMAP server. */
    public BounceMailboxProperties at(String otherHost, int otherPort, boolean otherTls, String otherUser,
                                      String otherPassword) {
        return new BounceMailboxProperties(true, otherHost, otherPort, otherTls, otherUser, otherPassword, folder,
                processedFolder, unreadableFolder, pollInterval);
    }

    @Override
    public String toString() {
        return "BounceMailboxProperties[enabled=" + enabled + ", host=" + host + ", port=" + port + ", tls=" + tls
                + ", user=" + user + ", folder=" + folder + "]";
    }
}
