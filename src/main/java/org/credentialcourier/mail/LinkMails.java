package org.credentialcourier.mail;

import java.time.Instant;
import java.util.Map;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.credential.SingleUseTokens;
import org.credentialcourier.credential.SingleUseTokens.MintedToken;
import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Emails that carry a single-use link (activation, reset): mints the token, builds the link under
 * {@code courier.public-base-url}, and renders the template with {@code firstName}, {@code link}, {@code expiresAt}
 * and {@code organisation}. The link is the message's secret.
 */
@Component
public class LinkMails {

    private final MailRenderer renderer;
    private final CourierProperties properties;

    public LinkMails(MailRenderer renderer, CourierProperties properties) {
        this.renderer = renderer;
        this.properties = properties;
    }

    /** The message and the id of the token in it. */
    public record Composed(ComposedMail mail, long tokenId) {
    }

    public Composed compose(String template, Contact contact, SingleUseTokens tokens, String ownerId,
                            Instant expiresAt, String path, Map<String, String> headers) {
        MintedToken token = tokens.mint(ownerId, contact.id(), expiresAt);
        String link = UriComponentsBuilder.fromUriString(properties.publicLink(path))
                .queryParam("token", token.plaintext()).build().toUriString();
        ComposedMail mail = renderer.render(template, contact.preferredLocale(), contact.email(), contact.displayName(),
                new Object[] {properties.organisationName()},
                Map.of("firstName", contact.firstName(), "link", link,
                        "expiresAt", renderer.dateTime(expiresAt, contact.preferredLocale()),
                        "organisation", properties.organisationName()),
                headers);
        return new Composed(mail.withSecret(link), token.id());
    }
}
