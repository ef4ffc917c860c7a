package org.credentialcourier.console;

import java.util.ArrayList;
import java.util.List;

import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/settings}: the signed-in admin's own settings, today the time zone of the console's times. A plain
 * form that posts and redirects back (a reload sends nothing again). Choosing none follows the browser's zone, which
 * the console's script reports ({@link AdminTimeZones}).
 */
@Controller
class SettingsPageController {

    private final AdminTimeZones zones;
    private final CurrentActor actor;

    SettingsPageController(AdminTimeZones zones, CurrentActor actor) {
        this.zones = zones;
        this.actor = actor;
    }

    @GetMapping("/admin/settings")
    String settings(@ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time, Model model) {
        boolean chosen = zones.stored(actor.name()).isPresent();
        List<PeoplePageController.Choice> choices = new ArrayList<>();
        choices.add(new PeoplePageController.Choice("", "Your browser's zone (else " + zones.fallback().getId() + ")",
                !chosen));
        choices.add(new PeoplePageController.Choice("UTC", "UTC", chosen && "UTC".equals(time.zoneName())));
        for (String id : AdminTimeZones.IDS) {
            choices.add(new PeoplePageController.Choice(id, id.replace('_', ' '), chosen && id.equals(time.zoneName())));
        }
        model.addAttribute("zones", choices);
        model.addAttribute("zone", time.zoneName());
        return "console/settings";
    }

    @PostMapping("/admin/settings")
    String save(@RequestParam(defaultValue = "") String zone, RedirectAttributes flash) {
        zones.keep(actor.name(), zone);
        flash.addFlashAttribute("notice", "Times are now shown in "
                + (zone.isEmpty() ? "your browser's zone (the console's default, " + zones.fallback().getId()
                + ", where the browser does not say it)" : zone) + ".");
        return "redirect:/admin/settings";
    }
}
