package org.credentialcourier.bounce.webhook;

import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import org.credentialcourier.delivery.DeliveryEvent;

/** One provider's door: proves the request is the provider's, then reads its delivery events. */
interface ProviderWebhook {

    /** The path segment: {@code ses}, {@code sendgrid}, {@code mailgun}, {@code postmark}. */
    String name();

    boolean enabled();

    /**
     * The events of the request, after its signature (or credentials) and freshness were checked; nothing is written
     * before that. Malformed content is an {@code InvalidInputException} (400).
     */
    List<DeliveryEvent> read(HttpServletRequest request, byte[] body) throws WebhookRefused;
}
