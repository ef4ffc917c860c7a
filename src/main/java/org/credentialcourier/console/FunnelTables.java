package org.credentialcourier.console;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.credentialcourier.tracking.DeliveryFunnel;
import org.credentialcourier.tracking.DeliveryFunnel.Dimension;
import org.credentialcourier.tracking.DeliveryFunnel.Row;
import org.credentialcourier.tracking.DeliveryFunnel.Scope;
import org.credentialcourier.tracking.DeliveryFunnel.Step;
import org.credentialcourier.tracking.FunnelProperties;
import org.springframework.stereotype.Component;

/**
 * The delivery funnel as the console's tables show it (fragment {@code console/funnel-parts}): the total, then by
 * template, by language and the top domains, each row with its medians written for people ("4 min").
 */
@Component
class FunnelTables {

    /** One table: an id for the page, its caption, the first column's heading, and its lines. */
    record Table(String id, String caption, String heading, List<Line> lines) {
    }

    /** One row of a table, with the medians already written out ("" where no email reached the step). */
    record Line(String label, Row row, String toDelivered, String toBounced, String toOpened, String toRedeemed,
                String toSignedIn) {

        static Line of(Row row) {
            Map<Step, Duration> m = row.medians();
            return new Line(row.label(), row, text(m.get(Step.DELIVERED)), text(m.get(Step.BOUNCED)),
                    text(m.get(Step.OPENED)), text(m.get(Step.REDEEMED)), text(m.get(Step.SIGNED_IN)));
        }
    }

    private final DeliveryFunnel funnel;
    private final FunnelProperties properties;

    FunnelTables(DeliveryFunnel funnel, FunnelProperties properties) {
        this.funnel = funnel;
        this.properties = properties;
    }

    /** The total, by template, by language, and the domains with the most emails. */
    List<Table> of(Scope scope) {
        return List.of(
                table(scope, "funnel-total", "All emails", "Emails", List.of(), 1),
                table(scope, "funnel-template", "By template", "Template", List.of(Dimension.TEMPLATE), 100),
                table(scope, "funnel-language", "By language", "Language", List.of(Dimension.LANGUAGE), 100),
                table(scope, "funnel-domain", "Top " + properties.topDomains() + " recipient domains", "Domain",
                        List.of(Dimension.DOMAIN), properties.topDomains()));
    }

    int periodDays() {
        return properties.periodDays();
    }

    long scannerSeconds() {
        return properties.scannerWindow().toSeconds();
    }

    private Table table(Scope scope, String id, String caption, String heading, List<Dimension> groups, int limit) {
        return new Table(id, caption, heading, funnel.of(scope, groups, limit).stream().map(Line::of).toList());
    }

    /** "42 s", "4 min", "3 h 10 min", "2 d 4 h"; "" for none. */
    static String text(Duration time) {
        if (time == null) {
            return "";
        }
        long seconds = time.toSeconds();
        if (seconds < 60) {
            return seconds + " s";
        }
        if (seconds < 3600) {
            return seconds / 60 + " min";
        }
        if (seconds < 86_400) {
            return seconds / 3600 + " h " + seconds % 3600 / 60 + " min";
        }
        return seconds / 86_400 + " d " + seconds % 86_400 / 3600 + " h";
    }
}
