package org.credentialcourier.bounce.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvent.Kind;
import org.credentialcourier.system.web.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Amazon SES notifications through SNS. Every SNS message is verified as AWS documents it: the signing certificate's
 * address must be an allowed one ({@link SnsEndpoints}), the signature ({@code SignatureVersion} 1: SHA1withRSA, 2:
 * SHA256withRSA) must match the canonical string of the message's fields, and the topic must be one of
 * {@code courier.webhooks.ses.topic-arns}: anybody can sign SNS messages of a topic of their own. A
 * {@code SubscriptionConfirmation} is confirmed by visiting its {@code SubscribeURL} (an allowed address too); a
 * {@code Notification}'s Message is the SES event: {@code Bounce} ({@code Permanent}: bounced; {@code Transient},
 * {@code Undetermined}: a transient bounce), {@code Complaint}, {@code Delivery}, {@code DeliveryDelay}, one event
 * per recipient, kept by the SNS MessageId. The attempt is found by the email's Message-ID
 * (the {@code Message-ID} of {@code mail.headers}, else {@code mail.commonHeaders.messageId}).
 */
@Component
class SesWebhook implements ProviderWebhook {

    private static final Logger log = LoggerFactory.getLogger(SesWebhook.class);
    private static final int MAX_RECIPIENTS = 100;

    private final WebhookProperties properties;
    private final SnsEndpoints sns;
    private final ObjectMapper json;
    private final Clock clock;

    SesWebhook(WebhookProperties properties, SnsEndpoints sns, ObjectMapper json, Clock clock) {
        this.properties = properties;
        this.sns = sns;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public String name() {
        return "ses";
    }

    @Override
    public boolean enabled() {
        return properties.ses().enabled();
    }

    @Override
    public List<DeliveryEvent> read(HttpServletRequest request, byte[] body) throws WebhookRefused {
        JsonNode message = WebhookJson.parse(json, body, "body");
        if (!message.isObject()) {
            throw new InvalidInputException("body", "is not an SNS message");
        }
        String type = WebhookJson.required(message, "Type", "Type");
        String signature = WebhookJson.text(message, "Signature");
        String certificateUrl = WebhookJson.text(message, "SigningCertURL");
        if (signature == null || certificateUrl == null) {
            throw WebhookRefused.unsigned("the SNS message is not signed");
        }
        if (!sns.allowed(certificateUrl)) {
            throw WebhookRefused.forbidden("the SNS signing certificate is not at an SNS address");
        }
        String algorithm = switch (String.valueOf(WebhookJson.text(message, "SignatureVersion"))) {
            case "1" -> "SHA1withRSA";
            case "2" -> "SHA256withRSA";
            default -> throw WebhookRefused.forbidden("the SNS signature version is not known");
        };
        String canonical = canonical(message, type);
        if (!verify(algorithm, sns.certificate(certificateUrl), canonical, signature)) {
            throw WebhookRefused.forbidden("the SNS signature does not match");
        }
        String topic = WebhookJson.text(message, "TopicArn");
        if (topic == null || !Set.copyOf(properties.ses().topicArns()).contains(topic)) {
            throw WebhookRefused.forbidden("the SNS topic is not one of courier.webhooks.ses.topic-arns");
        }
        return switch (type) {
            case "SubscriptionConfirmation" -> {
                String subscribe = WebhookJson.required(message, "SubscribeURL", "SubscribeURL");
                if (!sns.allowed(subscribe)) {
                    throw WebhookRefused.forbidden("the SubscribeURL is not an SNS address");
                }
                sns.confirm(subscribe);
                log.info("SNS subscription to topic {} confirmed", topic);
                yield List.of();
            }
            case "Notification" -> events(WebhookJson.required(message, "MessageId", "MessageId"),
                    WebhookJson.parse(json, WebhookJson.required(message, "Message", "Message"), "Message"));
            default -> List.of();
        };
    }

    /** The string SNS signed: each field's name and value on lines of their own, in AWS's order, present ones only. */
    static String canonical(JsonNode message, String type) throws WebhookRefused {
        List<String> fields = "Notification".equals(type)
                ? List.of("Message", "MessageId", "Subject", "Timestamp", "TopicArn", "Type")
                : List.of("Message", "MessageId", "SubscribeURL", "Timestamp", "Token", "TopicArn", "Type");
        StringBuilder canonical = new StringBuilder();
        for (String field : fields) {
            String value = WebhookJson.text(message, field);
            if (value == null) {
                if ("Subject".equals(field)) {
                    continue;
                }
                throw WebhookRefused.forbidden("the SNS message lacks a signed field");
            }
            canonical.append(field).append('\n').append(value).append('\n');
        }
        return canonical.toString();
    }

    private static boolean verify(String algorithm, X509Certificate certificate, String canonical, String signature) {
        try {
            Signature rsa = Signature.getInstance(algorithm);
            rsa.initVerify(certificate.getPublicKey());
            rsa.update(canonical.getBytes(StandardCharsets.UTF_8));
            return rsa.verify(Base64.getMimeDecoder().decode(signature));
        } catch (IllegalArgumentException | java.security.SignatureException | java.security.InvalidKeyException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private List<DeliveryEvent> events(String snsMessageId, JsonNode ses) {
        String type = WebhookJson.text(ses, "notificationType");
        if (type == null) {
            type = WebhookJson.text(ses, "eventType");
        }
        if (type == null) {
            throw new InvalidInputException("Message", "is not an SES notification");
        }
        String messageId = messageId(ses.path("mail"));
        Instant now = clock.instant();
        List<DeliveryEvent> events = new ArrayList<>();
        switch (type) {
            case "Bounce" -> {
                JsonNode bounce = ses.path("bounce");
                Kind kind = "Permanent".equals(WebhookJson.text(bounce, "bounceType")) ? Kind.BOUNCED
                        : Kind.BOUNCED_TRANSIENT;
                Instant at = WebhookJson.instant(WebhookJson.text(bounce, "timestamp"), now);
                for (JsonNode recipient : recipients(bounce.path("bouncedRecipients"))) {
                    String diagnostic = WebhookJson.text(recipient, "diagnosticCode");
                    if (diagnostic == null) {
                        diagnostic = WebhookJson.text(bounce, "bounceSubType");
                    }
                    events.add(event(snsMessageId, events.size(), kind, messageId,
                            WebhookJson.text(recipient, "emailAddress"), WebhookJson.text(recipient, "status"),
                            diagnostic, at));
                }
            }
            case "Complaint" -> {
                JsonNode complaint = ses.path("complaint");
                Instant at = WebhookJson.instant(WebhookJson.text(complaint, "timestamp"), now);
                String feedback = WebhookJson.text(complaint, "complaintFeedbackType");
                for (JsonNode recipient : recipients(complaint.path("complainedRecipients"))) {
                    events.add(event(snsMessageId, events.size(), Kind.COMPLAINED, messageId,
                            WebhookJson.text(recipient, "emailAddress"), null,
                            "complaint (Amazon SES)" + (feedback == null ? "" : ": " + feedback), at));
                }
            }
            case "Delivery" -> {
                JsonNode delivery = ses.path("delivery");
                Instant at = WebhookJson.instant(WebhookJson.text(delivery, "timestamp"), now);
                for (JsonNode recipient : recipients(delivery.path("recipients"))) {
                    events.add(event(snsMessageId, events.size(), Kind.DELIVERED, messageId, recipient.asText(),
                            null, WebhookJson.text(delivery, "smtpResponse"), at));
                }
            }
            case "DeliveryDelay" -> {
                JsonNode delay = ses.path("deliveryDelay");
                Instant at = WebhookJson.instant(WebhookJson.text(delay, "timestamp"), now);
                for (JsonNode recipient : recipients(delay.path("delayedRecipients"))) {
                    events.add(event(snsMessageId, events.size(), Kind.DEFERRED, messageId,
                            WebhookJson.text(recipient, "emailAddress"), WebhookJson.text(recipient, "status"),
                            WebhookJson.text(recipient, "diagnosticCode"), at));
                }
            }
            default -> {
                // sends, opens, clicks, rendering failures: not delivery news
            }
        }
        return events;
    }

    private static List<JsonNode> recipients(JsonNode list) {
        if (!list.isArray()) {
            throw new InvalidInputException("Message", "names no recipients");
        }
        if (list.size() > MAX_RECIPIENTS) {
            throw new InvalidInputException("Message", "names more than " + MAX_RECIPIENTS + " recipients");
        }
        List<JsonNode> recipients = new ArrayList<>();
        list.forEach(recipients::add);
        return recipients;
    }

    private static DeliveryEvent event(String snsMessageId, int index, Kind kind, String messageId, String recipient,
                                       String status, String diagnostic, Instant at) {
        return new DeliveryEvent("ses:" + snsMessageId + ":" + index, "ses", kind, messageId, recipient, status,
                diagnostic, at);
    }

    /**
     * The Message-ID Courier set: from the original headers (present when the notification includes them), else
     * from the common headers.
     */
    private static String messageId(JsonNode mail) {
        for (JsonNode header : mail.path("headers")) {
            if ("Message-ID".equalsIgnoreCase(WebhookJson.text(header, "name"))) {
                return WebhookJson.bracketed(WebhookJson.text(header, "value"));
            }
        }
        return WebhookJson.bracketed(WebhookJson.text(mail.path("commonHeaders"), "messageId"));
    }
}
