package org.credentialcourier.console;

import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.ContactService.Edit;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.people.PersonActions;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The console's doors to {@link PersonActions}, next to the contact record: edit (a form that keeps what was typed and
 * marks each problem), disable and delete (each confirmed on a page of its own: a GET that asks, a POST that does, no
 * script), enable (a button on the record: it undoes a disable). Every change lands back on a page with a notice
 * (POST-redirect-GET); a refusal says why in a sentence.
 */
@Controller
@RequestMapping("/admin/contacts/{id}")
class PersonActionsController {

    private final ContactService contacts;
    private final PersonActions people;
    private final CurrentActor actor;

    PersonActionsController(ContactService contacts, PersonActions people, CurrentActor actor) {
        this.contacts = contacts;
        this.people = people;
        this.actor = actor;
    }

    /** What the edit form shows: the values as typed. */
    record EditForm(String firstName, String lastName, String email, String language) {
    }

    @GetMapping("/edit")
    String editForm(@PathVariable String id, Model model) {
        Contact contact = contacts.get(id);
        return showEdit(model, contact, new EditForm(contact.firstName(), contact.lastName(), contact.email(),
                contact.locale()), Map.of(), null);
    }

    @PostMapping("/edit")
    String edit(@PathVariable String id, @RequestParam(defaultValue = "") String firstName,
                @RequestParam(defaultValue = "") String lastName, @RequestParam(defaultValue = "") String email,
                @RequestParam(defaultValue = "") String language, Model model, HttpServletResponse response,
                RedirectAttributes flash) {
        Contact contact = contacts.get(id);
        EditForm typed = new EditForm(firstName, lastName, email, language);
        Edit edit = new Edit(email, firstName, lastName, language);
        Map<String, String> problems = new java.util.LinkedHashMap<>(ContactService.problems(edit));
        if (!problems.isEmpty()) {
            // the API's field is the form's "language"
            Optional.ofNullable(problems.remove("locale")).ifPresent(problem -> problems.put("language", problem));
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            return showEdit(model, contact, typed, problems, null);
        }
        Contact edited;
        try {
            edited = people.edit(id, edit, actor.name());
        } catch (ConflictException duplicate) {
            response.setStatus(HttpStatus.CONFLICT.value());
            Object existing = duplicate.properties().get("contactId");
            return showEdit(model, contact, typed, Map.of("email", "Another person has this email address already: "
                    + "each address belongs to one person."), existing == null ? null : existing.toString());
        }
        String notice = "The details were saved.";
        if (!edited.email().equals(contact.email())) {
            notice += " Links sent to the old address no longer work; later emails go to " + edited.email() + ".";
        }
        flash.addFlashAttribute("notice", notice);
        return "redirect:/admin/contacts/" + id;
    }

    /** The page that asks before a disable or a delete; its form posts to the same path. */
    @GetMapping("/{action:disable|delete}")
    String confirm(@PathVariable String id, @PathVariable String action, Model model) {
        model.addAttribute("contact", contacts.get(id));
        model.addAttribute("action", Action.valueOf(action.toUpperCase(java.util.Locale.ROOT)));
        return "console/person-confirm";
    }

    @PostMapping("/disable")
    String disable(@PathVariable String id, RedirectAttributes flash) {
        return change(id, flash, () -> {
            people.disable(id, actor.name());
            return "The account was disabled: it cannot sign in and gets no email. Enable it to undo this.";
        });
    }

    @PostMapping("/enable")
    String enable(@PathVariable String id, RedirectAttributes flash) {
        return change(id, flash, () -> "The account was enabled again (account: "
                + people.enable(id, actor.name()).accountStatus().code() + ").");
    }

    /** Does it and says so on the record, or says why not (a sentence of the refusal). */
    private static String change(String id, RedirectAttributes flash, Supplier<String> action) {
        try {
            flash.addFlashAttribute("notice", action.get());
        } catch (ConflictException refused) {
            flash.addFlashAttribute("problem", refused.getMessage() + ".");
        }
        return "redirect:/admin/contacts/" + id;
    }

    @PostMapping("/delete")
    String delete(@PathVariable String id, RedirectAttributes flash) {
        try {
            people.delete(id, actor.name());
        } catch (ConflictException refused) {
            flash.addFlashAttribute("problem", refused.getMessage() + ".");
            return "redirect:/admin/contacts/" + id;
        }
        flash.addFlashAttribute("notice", "The contact was deleted, with their personal data. The history keeps"
                + " that you deleted it.");
        return "redirect:/admin/contacts";
    }

    /** A confirmation page's words. */
    enum Action {
        DISABLE("Disable the account", "disable", "Disable the account",
                "The person will not be able to sign in, their open sessions end, the links already sent stop working"
                        + " and no email goes to them, until an admin enables the account again."),
        DELETE("Delete the contact", "delete", "Delete for good",
                "The person's name, email address, password, links, mail log and invitations are erased, and their"
                        + " processes end. This cannot be undone. The history keeps only that you deleted a contact.");

        final String title;
        final String path;
        final String button;
        final String consequence;

        Action(String title, String path, String button, String consequence) {
            this.title = title;
            this.path = path;
            this.button = button;
            this.consequence = consequence;
        }

        public String getTitle() {
            return title;
        }

        public String getPath() {
            return path;
        }

        public String getButton() {
            return button;
        }

        public String getConsequence() {
            return consequence;
        }
    }

    private static String showEdit(Model model, Contact contact, EditForm form, Map<String, String> problems,
                                   String existingId) {
        model.addAttribute("contact", contact);
        model.addAttribute("form", form);
        model.addAttribute("problems", problems);
        model.addAttribute("existingId", existingId);
        model.addAttribute("languages", SupportedLocales.TAGS);
        return "console/person-edit";
    }
}
