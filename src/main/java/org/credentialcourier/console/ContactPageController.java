package org.credentialcourier.console;

import java.util.List;

import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.password.AdminPasswordChange;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.portal.PortalProperties;
import org.credentialcourier.portal.Portals;
import org.credentialcourier.reset.PasswordResetService;
import org.credentialcourier.reset.ResetRequestLimits;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.OneTimeSecrets;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.View;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.view.RedirectView;

/**
 * {@code /admin/contacts/{id}}: a contact's record and what an admin may do to it. Every action calls the service the
 * REST API calls, on behalf of the signed-in admin ({@link CurrentActor}), then redirects back to the record
 * (POST-redirect-GET) with the outcome as a flash message: a refusal ({@link ConflictException}, a rate limit, the
 * process busy at that moment as a {@link BusyException}) reads as a sentence on the page, never as a stack trace.
 * A new password to hand over by hand is made once by its POST and shown once by the GET it redirects to (303): the
 * password waits in the admin's session under a one-time key ({@link OneTimeSecrets}) until that GET takes it, so a
 * reload or Back shows "already shown" and never makes a second password.
 */
@Controller
@RequestMapping("/admin/contacts/{id}")
class ContactPageController {

    private static final int MAX_ID = 36;

    private final ContactRecord records;
    private final ContactService contacts;
    private final InvitationService invitations;
    private final AdminPasswordChange passwordChange;
    private final PasswordResetService resets;
    private final ResetRequestLimits limits;
    private final MailRetries retries;
    private final OneTimeSecrets secrets;
    private final CurrentActor actor;
    private final Portals portals;
    private final PreSendChecks preSend;

    ContactPageController(ContactRecord records, ContactService contacts, InvitationService invitations,
                          AdminPasswordChange passwordChange, PasswordResetService resets, ResetRequestLimits limits,
                          MailRetries retries, OneTimeSecrets secrets, CurrentActor actor, Portals portals,
                          PreSendChecks preSend) {
        this.portals = portals;
        this.records = records;
        this.preSend = preSend;
        this.contacts = contacts;
        this.invitations = invitations;
        this.passwordChange = passwordChange;
        this.resets = resets;
        this.limits = limits;
        this.retries = retries;
        this.secrets = secrets;
        this.actor = actor;
    }

    @GetMapping
    String show(@PathVariable String id, Model model) {
        model.addAttribute("record", records.of(checked("contact", id)));
        List<PortalProperties.Portal> starting = portals.all().stream()
                .filter(portal -> portal.startPage() != null).toList();
        model.addAttribute("startingPortals", starting.size() > 1 ? starting : List.of());
        return "console/contact";
    }

    /**
     * Invite, after the pre-send checks: an error (suppressed, no mail domain) refuses with its sentence; a warning
     * ("Did you mean …?") refuses until the admin presses "Invite even so" ({@code acceptWarnings}). {@code portal}:
     * with several portals that have a start page, the one the invitation leads to (docs/PORTALS.md).
     */
    @PostMapping("/invite")
    String invite(@PathVariable String id, @RequestParam(required = false) String portal,
                  @RequestParam(defaultValue = "false") boolean acceptWarnings, RedirectAttributes flash) {
        Contact contact = contact(id);
        PreSendChecks.Result checks = preSend.check(contact.email());
        if (refusedBeforeSend(checks, flash)) {
            return redirect(contact);
        }
        if (!acceptWarnings && !checks.warnings().isEmpty()) {
            flash.addFlashAttribute("problem", "Not sent yet: " + String.join(" ", checks.warnings().stream()
                    .map(PreSendChecks.Finding::message).toList())
                    + " Correct the address (Edit), or press \"Invite even so\".");
            flash.addFlashAttribute("inviteEvenSo", true);
            // "Invite even so" invites to the portal chosen the first time
            flash.addFlashAttribute("invitePortal", portal == null || portal.isBlank() ? "" : portal);
            return redirect(contact);
        }
        return act(contact, flash, () -> {
            invitations.invite(contact.id(), portal == null || portal.isBlank() ? null : portal, actor.name());
            return "Invitation sent to " + contact.email() + ".";
        });
    }

    @PostMapping("/invitations/{invitationId}/resend")
    String resend(@PathVariable String id, @PathVariable String invitationId, RedirectAttributes flash) {
        // an address that must not be sent to (suppressed, no mail domain) is refused here as on every door; its
        // warnings were the first invitation's to accept
        Contact checked = contact(id);
        if (refusedBeforeSend(preSend.check(checked.email()), flash)) {
            return redirect(checked);
        }
        return onInvitation(id, invitationId, flash, (contact, invitation) -> {
            invitations.resend(invitation.id(), actor.name());
            return "Invitation resent to " + contact.email() + ": the earlier link no longer works.";
        });
    }

    @PostMapping("/invitations/{invitationId}/cancel")
    String cancel(@PathVariable String id, @PathVariable String invitationId, RedirectAttributes flash) {
        return onInvitation(id, invitationId, flash, (contact, invitation) -> {
            invitations.cancel(invitation.id(), actor.name());
            return "Invitation cancelled: its link no longer works.";
        });
    }

    /**
     * {@code email}: through the delivery process; {@code manual} and {@code manual-no-notice}: made here, kept for
     * the page this redirects to (303), which shows it once; a reload of that page makes and sends nothing.
     */
    @PostMapping("/password")
    View changePassword(@PathVariable String id, @RequestParam(defaultValue = "email") String delivery,
                        HttpSession session, RedirectAttributes flash) {
        Contact contact = contact(id);
        Delivery how;
        try {
            how = Delivery.of(delivery);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("delivery", "must be " + Delivery.CODES);
        }
        if (how == Delivery.EMAIL) {
            act(contact, flash, () -> {
                passwordChange.change(contact.id(), Delivery.EMAIL, actor.name());
                return "A new password is on its way to " + contact.email()
                        + ". It is temporary: the contact must change it at the first sign-in.";
            });
            return seeOther(path(contact));
        }
        AdminPasswordChange.Result result;
        try {
            // MANUAL: the process sends the notice (no password) once the reveal completes the hand-over, once
            result = passwordChange.change(contact.id(), how, actor.name());
        } catch (ConflictException refused) {
            flash.addFlashAttribute("problem", refusal(refused));
            return seeOther(path(contact));
        }
        String key = secrets.keep(session, contact.id(), new NewPassword(result.password()));
        return seeOther(path(contact) + "/password/revealed/" + key);
    }

    /** The new password, the first time only; then "already shown", with a button to make another. */
    @GetMapping("/password/revealed/{key}")
    String revealedPassword(@PathVariable String id, @PathVariable String key, HttpSession session, Model model,
                            HttpServletResponse response) {
        Contact contact = contact(id);
        // shown once: never cached, never sent on as a referrer
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Referrer-Policy", "no-referrer");
        model.addAttribute("contact", contact);
        secrets.take(session, key, contact.id(), NewPassword.class)
                .ifPresent(password -> model.addAttribute("password", password.value()));
        return "console/password-revealed";
    }

    /** A password waiting for its one showing; its {@code toString} keeps it out of any log. */
    private record NewPassword(String value) {

        @Override
        public String toString() {
            return "NewPassword[hidden]";
        }
    }

    /** A redirect that tells the browser to GET the next page (303), whatever the method that led to it. */
    private static View seeOther(String path) {
        RedirectView view = new RedirectView(path, true);
        view.setStatusCode(HttpStatus.SEE_OTHER);
        view.setExposeModelAttributes(false);
        return view;
    }

    @PostMapping("/reset-link")
    String sendResetLink(@PathVariable String id, RedirectAttributes flash,
                         @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time) {
        Contact contact = contact(id);
        var decision = limits.perAddress(contact.email());
        if (!decision.allowed()) {
            flash.addFlashAttribute("problem", "Too many reset links for this address: try again in "
                    + decision.minutesToWait() + " minute(s).");
            return redirect(contact);
        }
        if (refusedBeforeSend(preSend.check(contact.email()), flash)) {
            return redirect(contact);
        }
        return act(contact, flash, () -> {
            var reset = resets.request(contact.id(), actor.name(), true);
            return "A reset link is on its way to " + contact.email() + ", valid until "
                    + time.show(reset.expiresAt()) + " (" + time.relative(reset.expiresAt()) + "). Earlier links no longer work.";
        });
    }

    @PostMapping("/mail-log/{mailId}/retry")
    String retry(@PathVariable String id, @PathVariable long mailId, RedirectAttributes flash) {
        Contact contact = contact(id);
        return act(contact, flash, () -> {
            retries.retry(contact.id(), mailId, actor.name());
            return "The email is being sent again. Reload the page in a moment to see how it went.";
        });
    }

    /** An error of the pre-send checks as the page's problem, nothing sent; false when there is none. */
    private static boolean refusedBeforeSend(PreSendChecks.Result checks, RedirectAttributes flash) {
        checks.firstError().ifPresent(error -> flash.addFlashAttribute("problem", "Not sent: " + error.message()));
        return checks.firstError().isPresent();
    }

    private interface Action {
        String run();
    }

    private interface InvitationAction {
        String run(Contact contact, Invitation invitation);
    }

    /** An action on one of the contact's invitations (a 404 page if it is not theirs). */
    private String onInvitation(String id, String invitationId, RedirectAttributes flash, InvitationAction action) {
        Contact contact = contact(id);
        Invitation invitation = invitationOf(contact, invitationId);
        return act(contact, flash, () -> action.run(contact, invitation));
    }

    private String act(Contact contact, RedirectAttributes flash, Action action) {
        try {
            flash.addFlashAttribute("notice", action.run());
        } catch (ConflictException | InvalidInputException refused) {
            flash.addFlashAttribute("problem", refusal(refused));
        }
        return redirect(contact);
    }

    static String refusal(RuntimeException refused) {
        if (refused instanceof BusyException) {
            return BusyException.SENTENCE + ".";
        }
        return refused.getMessage() + ". Nothing was changed.";
    }

    private static String redirect(Contact contact) {
        return "redirect:" + path(contact);
    }

    private static String path(Contact contact) {
        return "/admin/contacts/" + contact.id();
    }

    private Contact contact(String id) {
        return contacts.get(checked("contact", id));
    }

    /** The invitation, if it is one of this contact's; a 404 page otherwise. */
    private Invitation invitationOf(Contact contact, String invitationId) {
        Invitation invitation = invitations.get(checked("invitation", invitationId));
        if (!invitation.contactId().equals(contact.id())) {
            throw new ResourceNotFoundException("invitation", invitationId);
        }
        return invitation;
    }

    /** Ids are UUIDs: anything longer is not looked up. */
    static String checked(String resource, String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID) {
            throw new ResourceNotFoundException(resource, "?");
        }
        return id;
    }
}
