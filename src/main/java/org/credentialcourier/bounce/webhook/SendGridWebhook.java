package org.credentialcourier.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * SendGrid's signed Event Webhook: an ECDSA (P-256, SHA-256) signature, base64 DER in header
 * {@code X-Twilio-Email-Event-Webhook-Signature}, over the timestamp header
 * {@code X-Twilio-Email-Event-Webhook-Timestamp} followed by the raw body, checked with the verification key of the
 * settings; a timestamp further than {@code courier.webhooks.max-age} from now is stale. The body is an array of
 * events, each kept by its {@code sg_event_id} (a replay changes nothing): {@code bounce} (type {@code bounce}:
 * bounced; {@code blocked}: a transient bounce), {@code dropped} (SendGrid did not send it: bounced),
 * {@code deferred}, {@code delivered}, {@code spamreport}; others are taken and ignored. The attempt is found by the
 * custom argument {@code courier_message_id} or else by {@code smtp-id} (the Message-ID Courier set).
 */
@Component
class SendGridWebhook implements ProviderWebhook {

    static final String SIGNATURE = "X-Twilio-Email-Event-Webhook-Signature";
    static final String TIMESTAMP = "X-Twilio-Email-Event-Webhook-Timestamp";
    private static final int MAX_EVENTS = 1000;

    private final WebhookProperties properties;
    private final ObjectMapper json;
    private final Clock clock;
    private final PublicKey key;

    SendGridWebhook(WebhookProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
        this.key = publicKey(properties.sendgrid().publicKey());
    }

    /** The verification key as SendGrid shows it: base64 of the DER public key (PEM armour allowed). */
    static PublicKey publicKey(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String base64 = text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        try {
            return KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(base64)));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("courier.webhooks.sendgrid.public-key is not an EC public key", e);
        }
    }

    @Override
    public String name() {
        return "sendgrid";
    }

    @Override
    public boolean enabled() {
        return properties.sendgrid().enabled() && key != null;
    }

    @Override
    public List<DeliveryEvent> read(HttpServletRequest request, byte[] body) throws WebhookRefused {
        String signature = request.getHeader(SIGNATURE);
        String timestamp = request.getHeader(TIMESTAMP);
        if (signature == null || signature.isBlank() || timestamp == null || timestamp.isBlank()) {
            throw WebhookRefused.unsigned("the request carries no SendGrid signature");
        }
        if (!valid(signature.strip(), timestamp, body)) {
            throw WebhookRefused.forbidden("the SendGrid signature does not match");
        }
        Instant signedAt;
        try {
            signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw WebhookRefused.forbidden("the SendGrid timestamp is not acceptable");
        }
        Instant now = clock.instant();
        Duration maxAge = properties.maxAge();
        if (signedAt.isBefore(now.minus(maxAge)) || signedAt.isAfter(now.plus(maxAge))) {
            throw WebhookRefused.forbidden("the SendGrid timestamp is stale");
        }
        JsonNode root = WebhookJson.parse(json, body, "body");
        if (!root.isArray()) {
            throw new InvalidInputException("body", "is not an array of events");
        }
        if (root.size() > MAX_EVENTS) {
            throw new InvalidInputException("body", "holds more than " + MAX_EVENTS + " events");
        }
        List<DeliveryEvent> events = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            DeliveryEvent event = event(root.get(i), i, signedAt);
            if (event != null) {
                events.add(event);
            }
        }
        return events;
    }

    private boolean valid(String signature, String timestamp, byte[] body) {
        try {
            Signature ecdsa = Signature.getInstance("SHA256withECDSA");
            ecdsa.initVerify(key);
            ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
            ecdsa.update(body);
            return ecdsa.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | java.security.SignatureException malformed) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static DeliveryEvent event(JsonNode node, int index, Instant signedAt) {
        String field = "[" + index + "]";
        if (node == null || !node.isObject()) {
            throw new InvalidInputException(field, "is not an event");
        }
        String type = WebhookJson.required(node, "event", field + ".event");
        String reason = WebhookJson.text(node, "reason");
        Kind kind;
        switch (type) {
            case "bounce" -> kind = "blocked".equals(WebhookJson.text(node, "type")) ? Kind.BOUNCED_TRANSIENT
                    : Kind.BOUNCED;
            case "dropped" -> {
                kind = Kind.BOUNCED;
                reason = "dropped by SendGrid: " + (reason == null ? "" : reason);
            }
            case "deferred" -> {
                kind = Kind.DEFERRED;
                reason = WebhookJson.text(node, "response");
            }
            case "delivered" -> {
                kind = Kind.DELIVERED;
                reason = WebhookJson.text(node, "response");
            }
            case "spamreport" -> {
                kind = Kind.COMPLAINED;
                reason = "spam report (SendGrid)";
            }
            default -> {
                return null;
            }
        }
        String id = WebhookJson.required(node, "sg_event_id", field + ".sg_event_id");
        String messageId = WebhookJson.text(node, "courier_message_id");
        if (messageId == null) {
            messageId = WebhookJson.text(node, "smtp-id");
        }
        Instant at = signedAt;
        if (node.path("timestamp").canConvertToLong()) {
            try {
                at = Instant.ofEpochSecond(node.path("timestamp").asLong());
            } catch (java.time.DateTimeException outOfRange) {
                // the signed time stands in
            }
        }
        return new DeliveryEvent("sendgrid:" + id, "sendgrid", kind, WebhookJson.bracketed(messageId),
                WebhookJson.text(node, "email"), WebhookJson.text(node, "status"), reason, at);
    }
}
