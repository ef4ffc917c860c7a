package org.credentialcourier.mail;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The emails to one person, each carrying a link into the application (activation, reset, sign-in, forgot password):
 * rendered in the recipient's language with {@code firstName}, {@code organisation} (also the subject's argument), the
 * {@link MailBrand} as {@code brand} and the kind's own values, a moment among them written as the recipient reads it; headed with
 * {@code X-Courier-Template}. One shape for every kind, so the kinds say only what differs. Mints nothing: a kind that
 * sends a single-use link mints its token and hands over the plaintext.
 */
@Component
public class LinkMails {

    private final MailRenderer renderer;
    private final CourierProperties properties;
    private final MailBrand brand;

    public LinkMails(MailRenderer renderer, CourierProperties properties) {
        this.renderer = renderer;
        this.properties = properties;
        this.brand = MailBrand.of(properties);
    }

    /** The email {@code template} to {@code to}, with {@code values} besides the greeting and the organisation. */
    public ComposedMail compose(String template, Recipient to, Map<String, Object> values,
                                Map<String, String> headers) {
        Map<String, Object> model = new HashMap<>();
        values.forEach((name, value) ->
                model.put(name, value instanceof Instant moment ? renderer.dateTime(moment, to.locale()) : value));
        model.put("firstName", to.firstName());
        model.put("organisation", properties.organisationName());
        model.put("brand", brand);
        Map<String, String> allHeaders = new HashMap<>(headers);
        allHeaders.put("X-Courier-Template", template);
        return renderer.render(template, to.locale(), to.email(), to.name(),
                new Object[] {properties.organisationName()}, model, allHeaders);
    }

    /**
     * The email carrying a single-use link to {@code path} with {@code token}, as {@code link} and {@code expiresAt}.
     * The link is the message's secret.
     */
    public ComposedMail composeWithToken(String template, Recipient to, String path, String token, Instant expiresAt,
                                         Map<String, String> headers) {
        return composeWithToken(template, to, path, token, expiresAt, Map.of(), headers);
    }

    /** The same, with {@code values} of the kind's own besides the link. */
    public ComposedMail composeWithToken(String template, Recipient to, String path, String token, Instant expiresAt,
                                         Map<String, Object> values, Map<String, String> headers) {
        String link = UriComponentsBuilder.fromUriString(properties.publicLink(path))
                .queryParam("token", token).build().toUriString();
        Map<String, Object> all = new HashMap<>(values);
        all.put("link", link);
        all.put("expiresAt", expiresAt);
        return compose(template, to, all, headers).withSecret(link);
    }
}
