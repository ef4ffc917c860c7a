package org.credentialcourier.console;

import org.credentialcourier.delivery.Suppressions;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/suppressions}: the addresses Courier does not send to any more (an email bounced for good, or the
 * recipient complained), each with its reason and date, and a button to lift one. Lifting is recorded in the contact's
 * history as the admin's, so the audit page shows it.
 */
@Controller
class SuppressionsPageController {

    static final int SHOWN = 500;

    private final Suppressions suppressions;
    private final CurrentActor actor;

    SuppressionsPageController(Suppressions suppressions, CurrentActor actor) {
        this.suppressions = suppressions;
        this.actor = actor;
    }

    @GetMapping("/admin/suppressions")
    String list(Model model) {
        model.addAttribute("suppressions", suppressions.newestFirst(SHOWN));
        model.addAttribute("shown", SHOWN);
        return "console/suppressions";
    }

    @PostMapping("/admin/suppressions/lift")
    String lift(@RequestParam(defaultValue = "") String email, RedirectAttributes flash) {
        boolean lifted = !email.isBlank() && email.length() <= 254
                && suppressions.lift(email, actor.name(), "lifted by an admin in the console");
        flash.addFlashAttribute("notice", lifted ? "Emails to " + email.strip() + " are sent again."
                : "That address is not on the suppression list.");
        return "redirect:/admin/suppressions";
    }
}
