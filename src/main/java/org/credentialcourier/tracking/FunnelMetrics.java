package org.credentialcourier.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.tracking.DeliveryFunnel.Dimension;
import org.credentialcourier.tracking.DeliveryFunnel.Row;
import org.credentialcourier.tracking.DeliveryFunnel.Scope;
import org.credentialcourier.tracking.DeliveryFunnel.Step;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The delivery funnel of the last {@code courier.funnel.period-days} as gauges at {@code /actuator/prometheus}:
 * {@code courier_funnel_emails{template, language, step}} (step: sent, delivered, bounced, opened, redeemed,
 * signed-in, likely-scanner) and {@code courier_funnel_median_seconds{template, language, step}}. Labels are only the
 * templates and languages Courier knows, never a domain or an address, so the series stay few (5 templates × the
 * languages). The figures are read by one query when a scrape finds them older than
 * {@code courier.funnel.metrics-refresh}; a failed read leaves the last figures.
 */
@Component
public class FunnelMetrics {

    private static final Logger log = LoggerFactory.getLogger(FunnelMetrics.class);

    static final List<String> TEMPLATES = List.of(InvitationProcess.INVITATION_TEMPLATE,
            InvitationProcess.REMINDER_TEMPLATE, PasswordResetProcess.RESET_TEMPLATE,
            PasswordChangeProcess.NEW_PASSWORD_TEMPLATE, PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE);

    private final DeliveryFunnel funnel;
    private final FunnelProperties properties;
    private final Clock clock;
    private Map<String, Row> figures = Map.of();
    private Instant readAt;

    public FunnelMetrics(DeliveryFunnel funnel, FunnelProperties properties, Clock clock, MeterRegistry registry) {
        this.funnel = funnel;
        this.properties = properties;
        this.clock = clock;
        for (String template : TEMPLATES) {
            for (String language : SupportedLocales.TAGS) {
                String key = template + "|" + language;
                count(registry, template, language, "sent", key, Row::sent);
                for (Step step : Step.values()) {
                    count(registry, template, language, step.code(), key, row -> row.count(step));
                    Gauge.builder("courier.funnel.median.seconds", this, metrics -> metrics.median(key, step))
                            .description("Median time from an email's sending to the step, by template and language")
                            .tag("template", template).tag("language", language).tag("step", step.code())
                            .register(registry);
                }
                count(registry, template, language, "likely-scanner", key, Row::likelyScanner);
            }
        }
    }

    private void count(MeterRegistry registry, String template, String language, String step, String key,
                       java.util.function.ToLongFunction<Row> value) {
        Gauge.builder("courier.funnel.emails", this, metrics -> {
                    Row row = metrics.figures().get(key);
                    return row == null ? 0 : value.applyAsLong(row);
                })
                .description("Emails of the last courier.funnel.period-days at each step of the delivery funnel")
                .tag("template", template).tag("language", language).tag("step", step)
                .register(registry);
    }

    private double median(String key, Step step) {
        Row row = figures().get(key);
        Duration median = row == null ? null : row.medians().get(step);
        return median == null ? Double.NaN : median.toMillis() / 1000.0;
    }

    /** The period's emails at each step, over every template and language. */
    public record Totals(int periodDays, long sent, long delivered, long bounced, long opened, long redeemed,
                         long signedIn, long likelyScanner) {
    }

    /**
     * The totals of the last {@code courier.funnel.period-days}, from the same figures as the gauges (at most
     * {@code courier.funnel.metrics-refresh} old): the console's home shows them without a query of its own per visit.
     */
    public Totals totals() {
        long sent = 0, delivered = 0, bounced = 0, opened = 0, redeemed = 0, signedIn = 0, scanner = 0;
        for (Row row : figures().values()) {
            sent += row.sent();
            delivered += row.delivered();
            bounced += row.bounced();
            opened += row.opened();
            redeemed += row.redeemed();
            signedIn += row.signedIn();
            scanner += row.likelyScanner();
        }
        return new Totals(properties.periodDays(), sent, delivered, bounced, opened, redeemed, signedIn, scanner);
    }

    /** The figures, read again when older than the refresh interval. */
    synchronized Map<String, Row> figures() {
        Instant now = clock.instant();
        if (readAt == null || !now.isBefore(readAt.plus(properties.metricsRefresh()))) {
            try {
                Map<String, Row> read = new HashMap<>();
                for (Row row : funnel.of(Scope.since(now.minus(Duration.ofDays(properties.periodDays()))),
                        List.of(Dimension.TEMPLATE, Dimension.LANGUAGE), 1000)) {
                    read.put(row.group().get("template") + "|" + row.group().get("language"), row);
                }
                figures = read;
            } catch (RuntimeException e) {
                log.warn("The delivery funnel's metrics could not be read, keeping the last figures: {}", e.toString());
            }
            readAt = now;
        }
        return figures;
    }
}
