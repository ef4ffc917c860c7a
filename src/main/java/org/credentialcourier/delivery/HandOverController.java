package org.credentialcourier.delivery;

import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.OneTimeSecrets;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.view.RedirectView;

/**
 * The admin page behind "Hand over manually": shows what will be revealed; the POST reveals it (fresh credentials,
 * the task completed) and redirects (303) to a page that shows the message once. The message waits in the admin's
 * session under a one-time key ({@link OneTimeSecrets}) until that GET takes it, so a reload or Back shows "already
 * shown" and never mints credentials again.
 */
@Controller
@RequestMapping(PublicLinks.HAND_OVER_PREFIX + "{deliveryId}")
public class HandOverController {

    private final HandOver handOver;
    private final OneTimeSecrets secrets;
    private final CurrentActor actor;

    public HandOverController(HandOver handOver, OneTimeSecrets secrets, CurrentActor actor) {
        this.handOver = handOver;
        this.secrets = secrets;
        this.actor = actor;
    }

    /** What will be revealed, with the button; for a disabled account the refusal instead (409), and no button. */
    @GetMapping
    String show(@PathVariable String deliveryId, Model model, HttpServletResponse response) {
        var pending = handOver.pending(deliveryId);
        if (pending.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "admin/handover-none";
        }
        if (pending.get().refused()) {
            response.setStatus(HttpStatus.CONFLICT.value());
        }
        model.addAttribute("pending", pending.get());
        return "admin/handover";
    }

    @PostMapping
    ModelAndView reveal(@PathVariable String deliveryId, HttpSession session, HttpServletResponse response) {
        var pending = handOver.pending(deliveryId);
        Optional<ComposedMail> revealed;
        try {
            revealed = pending.isEmpty() ? Optional.empty() : handOver.reveal(deliveryId, actor.name());
        } catch (ConflictException refused) {
            response.setStatus(HttpStatus.CONFLICT.value());
            return new ModelAndView("admin/handover", Map.of("pending", pending.get()), HttpStatus.CONFLICT);
        }
        if (revealed.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return new ModelAndView("admin/handover-none");
        }
        String key = secrets.keep(session, deliveryId, new Revealed(revealed.get(), pending.get().recipientContactId()));
        RedirectView view = new RedirectView(PublicLinks.HAND_OVER_PREFIX + deliveryId + "/revealed/" + key, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return new ModelAndView(view);
    }

    /** The message, the first time only; then "already shown", with where to make new credentials. */
    @GetMapping("/revealed/{key}")
    String revealed(@PathVariable String deliveryId, @PathVariable String key, HttpSession session, Model model,
                    HttpServletResponse response) {
        // shown once: never cached, never sent on as a referrer
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        secrets.take(session, key, deliveryId, Revealed.class).ifPresent(revealed -> {
            model.addAttribute("mail", revealed.mail());
            model.addAttribute("contactId", revealed.contactId());
        });
        return "admin/handover-revealed";
    }

    /** A revealed message waiting for its one showing; {@link ComposedMail#toString()} names no secret. */
    private record Revealed(ComposedMail mail, String contactId) {
    }
}
