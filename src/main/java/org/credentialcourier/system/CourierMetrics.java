package org.credentialcourier.system;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.stereotype.Component;

/**
 * What process owners count, at {@code /actuator/prometheus}: invitations by outcome, emails by template and outcome,
 * and the time from invitation to acceptance.
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

    /** {@code outcome}: sent, handed-over, or the failure's kind (transient, permanent). */
    public void email(String template, String outcome) {
        Counter.builder("courier.emails").description("Emails by template and outcome")
                .tag("template", template).tag("outcome", outcome)
                .register(registry).increment();
    }
}
