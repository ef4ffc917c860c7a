package org.credentialcourier.console;

import java.time.Clock;
import java.time.Duration;

import org.credentialcourier.tracking.DeliveryFunnel.Scope;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * {@code /admin/funnel}: the delivery funnel of the last {@code courier.funnel.period-days} days (30), by template,
 * language and the top recipient domains; a bulk run's own funnel is on its page.
 */
@Controller
class FunnelPageController {

    private final FunnelTables funnel;
    private final Clock clock;

    FunnelPageController(FunnelTables funnel, Clock clock) {
        this.funnel = funnel;
        this.clock = clock;
    }

    @GetMapping("/admin/funnel")
    String funnel(Model model) {
        int days = funnel.periodDays();
        model.addAttribute("days", days);
        model.addAttribute("funnel", funnel.of(Scope.since(clock.instant().minus(Duration.ofDays(days)))));
        model.addAttribute("scannerSeconds", funnel.scannerSeconds());
        return "console/funnel";
    }
}
