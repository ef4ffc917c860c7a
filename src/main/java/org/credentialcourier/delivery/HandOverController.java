package org.credentialcourier.delivery;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;

/** The admin page behind "Hand over manually": shows what will be revealed, then reveals it once. */
@Controller
@RequestMapping(PublicLinks.HAND_OVER_PREFIX + "{deliveryId}")
public class HandOverController {

    private final HandOver handOver;
    private final CurrentActor actor;

    public HandOverController(HandOver handOver, CurrentActor actor) {
        this.handOver = handOver;
        this.actor = actor;
    }

    @GetMapping
    String show(@PathVariable String deliveryId, Model model, HttpServletResponse response) {
        var pending = handOver.pending(deliveryId);
        if (pending.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "admin/handover-none";
        }
        model.addAttribute("pending", pending.get());
        return "admin/handover";
    }

    @PostMapping
    String reveal(@PathVariable String deliveryId, Model model, HttpServletResponse response) {
        var revealed = handOver.reveal(deliveryId, actor.name());
        if (revealed.isEmpty()) {
            response.setStatus(HttpStatus.NOT_FOUND.value());
            return "admin/handover-none";
        }
        // shown once: never cached, never sent on as a referrer
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        model.addAttribute("mail", revealed.get());
        return "admin/handover-revealed";
    }
}
