package org.credentialcourier.system;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What process owners count, at {@code /actuator/prometheus}: invitations by outcome, emails by template and outcome,
 * failed emails retried from the mail log, and the time from invitation to acceptance.
 */
@Component
public class CourierMetrics {

    private final MeterRegistry registry;
    private final Timer timeToAcceptance;

    public CourierMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.timeToAcceptance = Timer.builder("courier.invitation.time.to.acceptance")
                .description("Time from an invitation to its acceptance").publishPercentiles(0.5, 0.95)
                .register(registry);
    }

    /** {@code outcome}: started, accepted, expired, cancelled, resent. */
    public void invitation(String outcome) {
        Counter.builder("courier.invitations").description("Invitations by outcome").tag("outcome", outcome)
                .register(registry).increment();
    }

    public void accepted(Duration sinceInvited) {
        invitation("accepted");
        timeToAcceptance.record(sinceInvited);
    }

    /**
     * An admin retried a failed email from the mail log; {@code action}: what that did (retried-now,
     * retry-delay-skipped, invitation-resent). Many of them mean deliveries that the back-off does not get through.
     */
    public void mailRetry(String action) {
        Counter.builder("courier.mail.retries").description("Failed emails retried from the mail log, by action")
                .tag("action", action).register(registry).increment();
    }

    /** {@code outcome}: sent, handed-over, or the failure's kind (transient, permanent). */
    public void email(String template, String outcome) {
        Counter.builder("courier.emails").description("Emails by template and outcome")
                .tag("template", template).tag("outcome", outcome)
                .register(registry).increment();
    }

    /**
     * A delivery event (a bounce, a complaint, a delivery report); {@code kind}: delivered, deferred, bounced,
     * bounced-transient, complained; {@code outcome}: applied, replayed, unmatched, superseded.
     */
    public void deliveryEvent(String kind, String outcome) {
        Counter.builder("courier.delivery.events").description("Delivery events by kind and outcome")
                .tag("kind", kind).tag("outcome", outcome).register(registry).increment();
    }
}
