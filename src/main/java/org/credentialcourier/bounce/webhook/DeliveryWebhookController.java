package org.credentialcourier.bounce.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.servlet.http.HttpServletRequest;

import org.credentialcourier.delivery.DeliveryEvent;
import org.credentialcourier.delivery.DeliveryEvents;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/delivery-events/{provider}}: the providers' webhooks (docs/BOUNCES.md, "Connecting a provider").
 * The one path of the API without the admins' sign-in and without the cross-site guard (a provider is another site
 * and SNS posts {@code text/plain}); each provider proves itself instead, by signature or credentials, before
 * anything is read or written. A disabled provider answers 404; a refused request 401/403 with Problem Details,
 * logged without its secrets, changing nothing. The request is checked and its events applied in one transaction, so
 * a Mailgun token is spent only with its events.
 */
@RestController
public class DeliveryWebhookController {

    private static final Logger log = LoggerFactory.getLogger(DeliveryWebhookController.class);

    private final Map<String, ProviderWebhook> providers;
    private final DeliveryEvents events;
    private final WebhookProperties properties;
    private final TransactionTemplate transaction;
    private final Clock clock;

    DeliveryWebhookController(List<ProviderWebhook> providers, DeliveryEvents events, WebhookProperties properties,
                              PlatformTransactionManager transactions, Clock clock) {
        this.clock = clock;
        this.providers = providers.stream().collect(Collectors.toMap(ProviderWebhook::name, Function.identity()));
        this.events = events;
        this.properties = properties;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** What a call did: per outcome, how many events. */
    public record Received(Map<DeliveryEvents.Outcome, Integer> events) {
    }

    @PostMapping("/api/delivery-events/{provider}")
    public ResponseEntity<?> receive(@PathVariable String provider, HttpServletRequest request) throws IOException {
        ProviderWebhook webhook = providers.get(provider);
        if (webhook == null || !webhook.enabled()) {
            throw new ResourceNotFoundException("delivery-event provider", provider);
        }
        long max = properties.maxBodySize().toBytes();
        if (request.getContentLengthLong() > max) {
            return tooLarge(max);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 1, max + 1));
        }
        if (body.length > max) {
            return tooLarge(max);
        }
        Map<DeliveryEvents.Outcome, Integer> counted = new EnumMap<>(DeliveryEvents.Outcome.class);
        for (int attempt = 1; ; attempt++) {
            counted.clear();
            try {
                transaction.execute(tx -> {
                    List<DeliveryEvent> found;
                    try {
                        found = webhook.read(request, body);
                    } catch (WebhookRefused refused) {
                        throw new RefusedInTransaction(refused);
                    }
                    for (DeliveryEvent event : found) {
                        counted.merge(events.apply(plausible(event)), 1, Integer::sum);
                    }
                    return null;
                });
                break;
            } catch (RefusedInTransaction e) {
                return refused(webhook.name(), request, e.refused);
            } catch (SnsEndpoints.Unreachable e) {
                log.warn("Delivery-event webhook {}: SNS could not be reached ({}); nothing was changed, SNS tries "
                        + "again", webhook.name(), e.getMessage());
                ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                        "The signing certificate or the confirmation address could not be reached: nothing was "
                                + "changed, try again");
                problem.setTitle("Service unavailable");
                return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).header("Retry-After", "60").body(problem);
            } catch (DataIntegrityViolationException race) {
                // the same event (or token) written by a concurrent request at this very moment: nothing of this
                // one stayed; once more, it finds that one's work (a replay, or a spent token)
                log.info("Delivery-event webhook {}: a concurrent request wrote the same event (attempt {})",
                        webhook.name(), attempt);
                if (attempt == 2) {
                    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
                            "The same event is being applied by another request: nothing was changed, try again");
                    problem.setTitle("Busy");
                    problem.setType(URI.create("urn:credential-courier:problem:busy"));
                    return ResponseEntity.status(HttpStatus.CONFLICT).body(problem);
                }
            }
        }
        if (!counted.isEmpty()) {
            log.info("Delivery events from {}: {}", webhook.name(), counted);
        }
        return ResponseEntity.ok(new Received(counted));
    }

    /**
     * The event with the time it happened as the provider says, unless that is no time an email of ours could have
     * had news (before a year ago, or later than a day ahead): then the time it arrived.
     */
    private DeliveryEvent plausible(DeliveryEvent event) {
        Instant now = clock.instant();
        Instant at = event.occurredAt();
        if (at != null && at.isAfter(now.minus(Duration.ofDays(400))) && at.isBefore(now.plus(Duration.ofDays(1)))) {
            return event;
        }
        return new DeliveryEvent(event.key(), event.source(), event.kind(), event.messageId(), event.recipient(),
                event.statusCode(), event.diagnostic(), now);
    }

    private static ResponseEntity<ProblemDetail> refused(String provider, HttpServletRequest request,
                                                         WebhookRefused refused) {
        // the reason is fixed text; the client address helps find a misconfigured or hostile sender
        log.warn("Delivery-event webhook {} refused ({}) from {}: {}", provider, refused.status(),
                request.getRemoteAddr(), refused.getMessage());
        HttpStatus status = HttpStatus.valueOf(refused.status());
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, refused.getMessage() + "; nothing was changed");
        problem.setTitle(status == HttpStatus.UNAUTHORIZED ? "Unauthorized" : "Forbidden");
        problem.setType(URI.create("urn:credential-courier:problem:webhook-refused"));
        return ResponseEntity.status(status).body(problem);
    }

    private static ResponseEntity<ProblemDetail> tooLarge(long max) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "the request body is larger than " + max + " bytes");
        problem.setTitle("Payload too large");
        problem.setProperty("field", "body");
        return ResponseEntity.status(HttpStatus.PAYLOAD_TOO_LARGE).body(problem);
    }

    /** Carries a refusal out of the transaction, rolling it back. */
    private static final class RefusedInTransaction extends RuntimeException {
        private final transient WebhookRefused refused;

        RefusedInTransaction(WebhookRefused refused) {
            super(null, null, false, false);
            this.refused = refused;
        }
    }

}
