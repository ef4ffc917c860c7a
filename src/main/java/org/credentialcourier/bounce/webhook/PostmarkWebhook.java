package org.credentialcourier.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.springframework.stereotype.Component;

/**
 * Postmark's webhooks. Postmark does not sign them; it sends the HTTP Basic credentials written into the webhook's
 * URL, so those are required: the user name and the SHA-256 of the password of the settings, both compared in
 * constant time. Record types {@code Bounce} ({@code HardBounce} and the other permanent types: bounced;
 * {@code SoftBounce}, {@code Transient}, {@code DnsError}: a transient bounce; {@code SpamComplaint}: complained;
 * auto-replies and the like are ignored), {@code Delivery} and {@code SpamComplaint}. The attempt is found by the
 * metadata {@code courier-message-id} (header {@code X-PM-Metadata-courier-message-id} of every email).
 */
@Component
class PostmarkWebhook implements ProviderWebhook {

    static final String METADATA = "courier-message-id";
    private static final Set<String> PERMANENT = Set.of("HardBounce", "BadEmailAddress", "ManuallyDeactivated",
            "Blocked", "DMARCPolicy");
    private static final Set<String> TRANSIENT = Set.of("SoftBounce", "Transient", "DnsError", "Undeliverable");
    private static final Set<String> COMPLAINT = Set.of("SpamComplaint", "SpamNotification");

    private final WebhookProperties properties;
    private final ObjectMapper json;
    private final Clock clock;

    PostmarkWebhook(WebhookProperties properties, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "postmark";
    }

    @Override
    public boolean enabled() {
        WebhookProperties.Postmark postmark = properties.postmark();
        return postmark.enabled() && !postmark.username().isBlank() && postmark.passwordSha256().strip().length() == 64;
    }

    @Override
    public List<DeliveryEvent> read(HttpServletRequest request, byte[] body) throws WebhookRefused {
        String authorization = request.getHeader("Authorization");
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            throw WebhookRefused.unsigned("the request carries no HTTP Basic credentials");
        }
        if (!matches(authorization.substring(6).strip())) {
            throw WebhookRefused.forbidden("the HTTP Basic credentials do not match");
        }
        JsonNode event = WebhookJson.parse(json, body, "body");
        String type = WebhookJson.required(event, "RecordType", "RecordType");
        String recipient = WebhookJson.text(event, "Email");
        if (recipient == null) {
            recipient = WebhookJson.text(event, "Recipient");
        }
        String messageId = WebhookJson.bracketed(WebhookJson.text(event.path("Metadata"), METADATA));
        String postmarkId = WebhookJson.required(event, "MessageID", "MessageID");
        switch (type) {
            case "Bounce", "SpamComplaint" -> {
                String bounceType = WebhookJson.text(event, "Type");
                Kind kind = "SpamComplaint".equals(type) || COMPLAINT.contains(bounceType) ? Kind.COMPLAINED
                        : PERMANENT.contains(bounceType) ? Kind.BOUNCED
                        : TRANSIENT.contains(bounceType) ? Kind.BOUNCED_TRANSIENT : null;
                if (kind == null) {
                    return List.of();
                }
                String id = WebhookJson.text(event, "ID");
                String details = WebhookJson.text(event, "Details");
                String description = WebhookJson.text(event, "Description");
                String diagnostic = (bounceType == null ? "" : bounceType + ": ")
                        + (details != null && !details.isBlank() ? details : description == null ? "" : description);
                return List.of(new DeliveryEvent("postmark:" + type + ":" + (id == null ? postmarkId : id),
                        "postmark", kind, messageId, recipient, null, diagnostic.strip(),
                        WebhookJson.instant(WebhookJson.text(event, "BouncedAt"), clock.instant())));
            }
            case "Delivery" -> {
                return List.of(new DeliveryEvent("postmark:Delivery:" + postmarkId + ":" + recipient, "postmark",
                        Kind.DELIVERED, messageId, recipient, null, WebhookJson.text(event, "Details"),
                        WebhookJson.instant(WebhookJson.text(event, "DeliveredAt"), clock.instant())));
            }
            default -> {
                return List.of();
            }
        }
    }

    /** Both parts compared in full whatever the first gives, each as a digest: constant time in the secrets. */
    private boolean matches(String encoded) {
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        WebhookProperties.Postmark postmark = properties.postmark();
        byte[] expectedPassword;
        try {
            expectedPassword = HexFormat.of().parseHex(postmark.passwordSha256().strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
        boolean user = MessageDigest.isEqual(sha256(postmark.username()), sha256(decoded.substring(0, colon)));
        boolean password = MessageDigest.isEqual(expectedPassword, sha256(decoded.substring(colon + 1)));
        return user & password;
    }

    static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
