package org.credentialcourier.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Mailgun's webhooks (JSON: {@code signature} and {@code event-data}): the signature is the hex HMAC-SHA256 of
 * timestamp and token under the webhook signing key; a timestamp further than {@code courier.webhooks.max-age} from
 * now is stale, and a token seen before is a replay (kept in {@code webhook_token} until it is stale anyway). Events
 * {@code failed} (severity {@code permanent}: bounced; {@code temporary}: deferred, Mailgun tries again),
 * {@code delivered} and {@code complained}; others are taken and ignored.
 */
@Component
class MailgunWebhook implements ProviderWebhook {

    private final WebhookProperties properties;
    private final ObjectMapper json;
    private final JdbcClient jdbc;
    private final Clock clock;

    MailgunWebhook(WebhookProperties properties, ObjectMapper json, JdbcClient jdbc, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "mailgun";
    }

    @Override
    public boolean enabled() {
        return properties.mailgun().enabled() && !properties.mailgun().signingKey().isBlank();
    }

    @Override
    public List<DeliveryEvent> read(HttpServletRequest request, byte[] body) throws WebhookRefused {
        JsonNode root = WebhookJson.parse(json, body, "body");
        JsonNode signature = root.get("signature");
        String timestamp = WebhookJson.text(signature, "timestamp");
        String token = WebhookJson.text(signature, "token");
        String given = WebhookJson.text(signature, "signature");
        if (timestamp == null || token == null || given == null) {
            throw WebhookRefused.unsigned("the request carries no Mailgun signature");
        }
        if (!validSignature(timestamp, token, given)) {
            throw WebhookRefused.forbidden("the Mailgun signature does not match");
        }
        Instant signedAt = epochSeconds(timestamp);
        Instant now = clock.instant();
        Duration maxAge = properties.maxAge();
        if (signedAt == null || signedAt.isBefore(now.minus(maxAge)) || signedAt.isAfter(now.plus(maxAge))) {
            throw WebhookRefused.forbidden("the Mailgun timestamp is stale");
        }
        spend(token, now, maxAge);
        JsonNode data = root.get("event-data");
        if (data == null || !data.isObject()) {
            throw new InvalidInputException("event-data", "is missing");
        }
        return event(data, signedAt).map(List::of).orElse(List.of());
    }

    private java.util.Optional<DeliveryEvent> event(JsonNode data, Instant signedAt) {
        String type = WebhookJson.required(data, "event", "event-data.event");
        Kind kind = switch (type) {
            case "failed" -> "permanent".equals(WebhookJson.text(data, "severity")) ? Kind.BOUNCED : Kind.DEFERRED;
            case "delivered" -> Kind.DELIVERED;
            case "complained" -> Kind.COMPLAINED;
            default -> null;
        };
        if (kind == null) {
            return java.util.Optional.empty();
        }
        String id = WebhookJson.required(data, "id", "event-data.id");
        JsonNode message = data.path("message").path("headers");
        String messageId = WebhookJson.bracketed(WebhookJson.text(message, "message-id"));
        JsonNode status = data.path("delivery-status");
        String code = WebhookJson.text(status, "enhanced-code");
        if (code == null && status.path("code").isInt()) {
            code = Integer.toString(status.path("code").asInt());
        }
        String diagnostic = WebhookJson.text(status, "message");
        if (diagnostic == null || diagnostic.isBlank()) {
            diagnostic = WebhookJson.text(status, "description");
        }
        if (kind == Kind.COMPLAINED) {
            diagnostic = "spam complaint (Mailgun)";
        }
        Instant at = signedAt;
        if (data.path("timestamp").isNumber()) {
            try {
                at = Instant.ofEpochMilli((long) (data.path("timestamp").asDouble() * 1000));
            } catch (java.time.DateTimeException outOfRange) {
                // the signed time stands in
            }
        }
        return java.util.Optional.of(new DeliveryEvent("mailgun:" + id, "mailgun", kind, messageId,
                WebhookJson.text(data, "recipient"), code, diagnostic, at));
    }

    private boolean validSignature(String timestamp, String token, String given) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(properties.mailgun().signingKey().getBytes(StandardCharsets.UTF_8),
                    "HmacSHA256"));
            byte[] expected = mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8));
            byte[] actual;
            try {
                actual = HexFormat.of().parseHex(given.strip().toLowerCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException notHex) {
                return false;
            }
            return MessageDigest.isEqual(expected, actual);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Records the token once: a second use is a replay. Tokens older than the window go (they are stale anyway). */
    private void spend(String token, Instant now, Duration maxAge) throws WebhookRefused {
        if (token.length() > 200) {
            throw WebhookRefused.forbidden("the Mailgun token is not acceptable");
        }
        jdbc.sql("DELETE FROM webhook_token WHERE seen_at < :before")
                .param("before", Timestamp.from(now.minus(maxAge.multipliedBy(2)))).update();
        try {
            jdbc.sql("INSERT INTO webhook_token (provider, token, seen_at) VALUES ('mailgun', :token, :now)")
                    .param("token", token).param("now", Timestamp.from(now)).update();
        } catch (DuplicateKeyException replay) {
            throw WebhookRefused.forbidden("the Mailgun token was used before (a replay)");
        }
    }

    private static Instant epochSeconds(String timestamp) {
        try {
            return Instant.ofEpochSecond(Long.parseLong(timestamp.strip()));
        } catch (NumberFormatException | java.time.DateTimeException e) {
            return null;
        }
    }
}
