package org.credentialcourier.delivery;

import java.time.Duration;
import java.util.List;

import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * The back-off of process {@code mail-delivery} after a transient failure, from {@code courier.mail.retry-delays}
 * (default {@code PT1M,PT5M,PT30M,PT2H}): attempt n that failed waits the n-th delay; when the delays are used up, an
 * admin decides. Used by the diagram as {@code ${mailRetryPolicy.retriesLeft(attempt)}} and
 * {@code ${mailRetryPolicy.delayAfter(attempt)}}.
 */
@Component("mailRetryPolicy")
public class MailRetryPolicy {

    private final List<Duration> delays;

    public MailRetryPolicy(CourierProperties properties) {
        this.delays = List.copyOf(properties.mail().retryDelays());
    }

    public boolean retriesLeft(Integer attempt) {
        return attempt != null && attempt >= 1 && attempt <= delays.size();
    }

    /** ISO-8601 duration for the timer after failed attempt {@code attempt}. */
    public String delayAfter(Integer attempt) {
        if (!retriesLeft(attempt)) {
            throw new IllegalStateException("No retry is left after attempt " + attempt);
        }
        return delays.get(attempt - 1).toString();
    }
}
