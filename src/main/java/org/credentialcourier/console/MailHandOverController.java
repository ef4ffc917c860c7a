package org.credentialcourier.console;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.PublicLinks;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * "Hand over by hand" on a failed credentials email of the contact record's mail log: decides the delivery's "Resolve
 * failed delivery" as Tasklist's form does ("deliver by hand"), then redirects (303) to the hand-over page, where the
 * admin reveals the message once and passes the link or password on directly. A refusal is a 409 page with a
 * sentence, not a flash on the record: the admin asked for a page they will not reach.
 */
@Controller
class MailHandOverController {

    private static final int MAX_ID = 36;

    private final MailRetries retries;
    private final CurrentActor actor;

    MailHandOverController(MailRetries retries, CurrentActor actor) {
        this.retries = retries;
        this.actor = actor;
    }

    @PostMapping("/admin/contacts/{id}/mail-log/{mailId}/hand-over")
    ModelAndView handOver(@PathVariable String id, @PathVariable long mailId, Model model,
                          HttpServletResponse response) {
        if (id.length() > MAX_ID) {
            throw new ResourceNotFoundException("contact", id);
        }
        try {
            String delivery = retries.handOver(id, mailId, actor.name());
            RedirectView view = new RedirectView(PublicLinks.HAND_OVER_PREFIX + delivery, true);
            view.setStatusCode(HttpStatus.SEE_OTHER);
            view.setExposeModelAttributes(false);
            return new ModelAndView(view);
        } catch (ConflictException refused) {
            response.setStatus(HttpStatus.CONFLICT.value());
            ModelAndView page = new ModelAndView("console/problem", model.asMap());
            page.setStatus(HttpStatus.CONFLICT);
            page.addObject("status", HttpStatus.CONFLICT.value());
            page.addObject("title", "Not handed over");
            page.addObject("message", ContactPageController.refusal(refused));
            return page;
        }
    }
}
