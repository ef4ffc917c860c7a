package org.credentialcourier.tracking;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

import org.credentialcourier.bulk.BulkRun;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.system.validation.NoControlCharacters;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.tracking.DeliveryFunnel.Dimension;
import org.credentialcourier.tracking.DeliveryFunnel.Row;
import org.credentialcourier.tracking.DeliveryFunnel.Scope;
import org.credentialcourier.tracking.DeliveryFunnel.Step;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/funnel}: the delivery funnel of one bulk run ({@code bulkRun}) or of the last {@code days}, grouped
 * by {@code groupBy} (a comma-separated list of template, language, domain; none: the total), the groups with the most
 * emails first, at most {@code limit}. A bad parameter is a 400 naming it; an unknown bulk run a 404.
 */
@RestController
public class FunnelController {

    private static final String DIMENSIONS = Arrays.stream(Dimension.values()).map(Dimension::code)
            .collect(Collectors.joining(", "));

    private final DeliveryFunnel funnel;
    private final BulkService bulks;
    private final FunnelProperties properties;
    private final Clock clock;

    public FunnelController(DeliveryFunnel funnel, BulkService bulks, FunnelProperties properties, Clock clock) {
        this.funnel = funnel;
        this.bulks = bulks;
        this.properties = properties;
        this.clock = clock;
    }

    /** One group's funnel as the API shows it; {@code medianSeconds} by step (reached steps only). */
    public record FunnelRow(Map<String, String> group, long sent, long delivered, long bounced, long opened,
                            long redeemed, long signedIn, long likelyScanner, Map<String, Long> medianSeconds) {

        static FunnelRow of(Row row) {
            Map<String, Long> medians = new LinkedHashMap<>();
            row.medians().forEach((step, time) -> medians.put(step.code(), time.toSeconds()));
            return new FunnelRow(row.group(), row.sent(), row.delivered(), row.bounced(), row.opened(),
                    row.redeemed(), row.signedIn(), row.likelyScanner(), medians);
        }
    }

    /** The answer: what was counted ({@code bulkRun}, or {@code days} back), how it is grouped, and the rows. */
    public record FunnelAnswer(String bulkRun, Integer days, List<String> groupBy, List<FunnelRow> rows) {
    }

    @GetMapping("/api/funnel")
    public FunnelAnswer funnel(
            @RequestParam(required = false) @Size(max = 36) @NoControlCharacters String bulkRun,
            @RequestParam(required = false) @Size(max = 40) @NoControlCharacters String groupBy,
            @RequestParam(required = false) @Min(1) @Max(3660) Integer days,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        List<Dimension> groups = dimensions(groupBy);
        Scope scope;
        Integer period = null;
        if (bulkRun != null && !bulkRun.isEmpty()) {
            if (days != null) {
                throw new InvalidInputException("days", "cannot be combined with bulkRun: a run's funnel is all of it");
            }
            BulkRun run = bulks.get(bulkRun);
            scope = Scope.bulkRun(run.id(), run.createdAt());
        } else {
            period = days != null ? days : properties.periodDays();
            scope = Scope.since(clock.instant().minus(Duration.ofDays(period)));
        }
        List<FunnelRow> rows = funnel.of(scope, groups, limit).stream().map(FunnelRow::of).toList();
        return new FunnelAnswer(scope.bulkRunId(), period, groups.stream().map(Dimension::code).toList(), rows);
    }

    /** {@code template,language} → the dimensions, each once; blank: none. */
    static List<Dimension> dimensions(String groupBy) {
        List<Dimension> groups = new ArrayList<>();
        if (groupBy == null || groupBy.isBlank()) {
            return groups;
        }
        for (String code : groupBy.split(",", -1)) {
            Dimension dimension = Dimension.of(code.strip()).orElseThrow(() -> new InvalidInputException("groupBy",
                    "must be a comma-separated list of " + DIMENSIONS));
            if (groups.contains(dimension)) {
                throw new InvalidInputException("groupBy", "names " + dimension.code() + " twice");
            }
            groups.add(dimension);
        }
        return groups;
    }
}
