package org.credentialcourier.console;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.NewContact;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * "Add a person" ({@code /admin/contacts/new}): the console's door to {@link ContactService#create}, checked by the
 * rules every door uses ({@link ContactRules}). A refusal shows the form again with each problem next to its field
 * and everything typed kept; an address that another contact has is refused with a link to that contact. Added, the
 * admin lands on the new record (POST-redirect-GET); "Invite now" also invites through
 * {@link InvitationService#invite}, and a refused invitation leaves the contact added and says so.
 */
@Controller
class AddPersonController {

    private final ContactService contacts;
    private final InvitationService invitations;
    private final CurrentActor actor;
    private final PreSendChecks preSend;

    AddPersonController(ContactService contacts, InvitationService invitations, CurrentActor actor,
                        PreSendChecks preSend) {
        this.contacts = contacts;
        this.preSend = preSend;
        this.invitations = invitations;
        this.actor = actor;
    }

    /** What the form shows: the values as typed, and a problem per field (empty when there is none). */
    record PersonForm(String firstName, String lastName, String email, String language, boolean invite,
                      boolean acceptWarnings) {
    }

    @GetMapping("/admin/contacts/new")
    String form(Model model) {
        return show(model, new PersonForm("", "", "", SupportedLocales.TAGS.get(0), false, false), Map.of(),
                null);
    }

    @PostMapping("/admin/contacts")
    String add(@RequestParam(defaultValue = "") String firstName, @RequestParam(defaultValue = "") String lastName,
               @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String language,
               @RequestParam(defaultValue = "false") boolean invite,
               @RequestParam(defaultValue = "false") boolean acceptWarnings, Model model,
               HttpServletResponse response, RedirectAttributes flash) {
        PersonForm typed = new PersonForm(firstName, lastName, email, language, invite, acceptWarnings);
        Map<String, String> problems = new LinkedHashMap<>();
        problem(problems, "firstName", "First name", ContactRules.nameProblem(firstName));
        problem(problems, "lastName", "Last name", ContactRules.nameProblem(lastName));
        problem(problems, "email", "Email", ContactRules.emailProblem(email));
        if (!SupportedLocales.TAGS.contains(language)) {
            problems.put("language", "Language must be one of " + String.join(", ", SupportedLocales.TAGS) + ".");
        }
        if (!problems.isEmpty()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(model, typed, problems, null);
        }
        // the pre-send checks: with "Invite now" an error refuses (the address cannot be sent to); a warning, or an
        // error without an invitation, is shown until the admin ticks "Add and send even so"
        PreSendChecks.Result checks = preSend.check(email);
        if (invite && checks.firstError().isPresent()) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return show(model, typed, Map.of("email", "Email cannot be invited: "
                    + checks.firstError().get().message()), null);
        }
        List<String> warnings = checks.findings().stream().map(PreSendChecks.Finding::message).toList();
        if (!acceptWarnings && !warnings.isEmpty()) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("warnings", warnings);
            return show(model, typed, Map.of(), null);
        }
        Contact contact;
        try {
            contact = contacts.create(new NewContact(email, firstName, lastName, language));
        } catch (ConflictException duplicate) {
            response.setStatus(HttpStatus.CONFLICT.value());
            Object existing = duplicate.properties().get("contactId");
            return show(model, typed, Map.of("email", "Another person has this email address already: "
                    + "each address belongs to one person."), existing == null ? null : existing.toString());
        }
        String added = contact.displayName() + " was added.";
        if (!invite) {
            flash.addFlashAttribute("notice", added + " Press Invite to send the credentials.");
        } else {
            try {
                invitations.invite(contact.id(), actor.name());
                flash.addFlashAttribute("notice", added + " An invitation is on its way to " + contact.email() + ".");
            } catch (ConflictException | InvalidInputException refused) {
                // a BusyException (the engine moved at that moment) is a ConflictException too
                flash.addFlashAttribute("notice", added);
                flash.addFlashAttribute("problem", "The invitation was not sent: " + refused.getMessage()
                        + ". Press Invite to try again.");
            }
        }
        return "redirect:/admin/contacts/" + contact.id();
    }

    private static void problem(Map<String, String> problems, String field, String label, String problem) {
        if (problem != null) {
            problems.put(field, label + " " + problem + ".");
        }
    }

    private static String show(Model model, PersonForm form, Map<String, String> problems, String existingId) {
        if (!model.containsAttribute("warnings")) {
            model.addAttribute("warnings", List.of());
        }
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("existingId", existingId);
        model.addAttribute("languages", SupportedLocales.TAGS);
        return "console/person-new";
    }
}
