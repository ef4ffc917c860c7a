package org.credentialcourier.console;

import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.contact.ContactHistory;
import org.credentialcourier.invitation.InvitationEvent;
import org.credentialcourier.portal.PortalHistory;
import org.credentialcourier.tracking.AuditEntry;
import org.credentialcourier.tracking.AuditTrail;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * {@code /admin/audit}: who did what to whom, across all admins, newest first: the invitations' and the credentials'
 * histories ({@link AuditTrail}), filtered by admin, action, contact and days in the admin's zone, a page at a time;
 * and {@code /admin/audit/export.csv}, the same filter as a CSV file. A plain GET form and links: no script, and every
 * state has an address.
 */
@Controller
class AuditPageController {

    static final int PAGE_SIZE = 50;

    private final AuditTrail audit;

    AuditPageController(AuditTrail audit) {
        this.audit = audit;
    }

    /** A line as the page shows it: the entry and what its action is called. */
    record Line(AuditEntry entry, String what) {
    }

    /** A group of the action list ({@code <optgroup>}). */
    record Group(String label, List<PeoplePageController.Choice> choices) {
    }

    @GetMapping("/admin/audit")
    String audit(AuditRequest.Params params, @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time,
                 Model model) {
        AuditRequest request = new AuditRequest(params, time.zone());
        long matching = audit.count(request.filter());
        int pages = (int) Math.max(1, (matching + PAGE_SIZE - 1) / PAGE_SIZE);
        int page = Math.max(1, Math.min(params.page() == null ? 1 : params.page(), pages));
        List<Line> lines = audit.page(request.filter(), (long) (page - 1) * PAGE_SIZE, PAGE_SIZE).stream()
                .map(entry -> new Line(entry, label(entry.action()))).toList();

        List<String> actors = new ArrayList<>(audit.actors());
        if (request.admin != null && !actors.contains(request.admin)) {
            actors.add(0, request.admin);
        }
        model.addAttribute("admins", actors.stream()
                .map(a -> new PeoplePageController.Choice(a, a, a.equals(request.admin))).toList());
        model.addAttribute("groups", List.of(group("Invitations", AuditTrail.INVITATION_ACTIONS, request),
                group("Passwords and reset links", AuditTrail.ACCOUNT_ACTIONS, request),
                group("Portals and signing keys", AuditTrail.PORTAL_ACTIONS, request)));
        model.addAttribute("q", request.q == null ? "" : request.q);
        model.addAttribute("from", request.from == null ? "" : request.from.toString());
        model.addAttribute("to", request.to == null ? "" : request.to.toString());
        model.addAttribute("zone", time.zoneName());
        model.addAttribute("filtered", request.filtered());
        model.addAttribute("lines", lines);
        model.addAttribute("summary", matching + (matching == 1 ? " action" : " actions")
                + (request.filtered() ? " matching the filter" : "") + ", newest first"
                + (pages > 1 ? "; page " + page + " of " + pages : "") + ".");
        model.addAttribute("page", page - 1);
        model.addAttribute("pages", pages);
        model.addAttribute("previous", page > 1 ? request.page(page - 1) : null);
        model.addAttribute("next", page < pages ? request.page(page + 1) : null);
        model.addAttribute("export", request.export());
        return "console/audit";
    }

    /** The same filter as a CSV file, newest first: checked before the first byte, then streamed, never cached. */
    @GetMapping("/admin/audit/export.csv")
    void export(AuditRequest.Params params, @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time,
                HttpServletResponse response) throws IOException {
        AuditRequest request = new AuditRequest(params, time.zone());
        CsvCells.download(response, "audit-" + LocalDate.now(time.zone()) + ".csv",
                List.of("Time (" + time.zoneName() + ")", "Time (UTC)", "Who", "Action", "Action code", "Contact id",
                        "First name", "Last name", "Email", "Invitation id", "Detail"),
                each -> audit.forEach(request.filter(), each),
                (AuditEntry entry) -> List.of(time.cell(entry.at()), entry.at().toString(), entry.actor(),
                        label(entry.action()), entry.action(), orEmpty(entry.contactId()), orEmpty(entry.firstName()),
                        orEmpty(entry.lastName()), entry.email() == null ? orEmpty(entry.subject()) : entry.email(),
                        entry.invitationId() == null ? "" : entry.invitationId(),
                        entry.detail() == null ? "" : entry.detail()));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    /** What an action is called, in the words of the contact's record; an unknown code as it is spelled. */
    static String label(String action) {
        try {
            if (AuditTrail.PORTAL_ACTIONS.contains(action)) {
                return PortalHistory.Type.valueOf(constant(action)).label();
            }
            if (action.startsWith(AuditTrail.INVITATION)) {
                return ContactRecord.invitationEvent(
                        InvitationEvent.Type.valueOf(constant(action.substring(AuditTrail.INVITATION.length()))));
            }
            return ContactRecord.accountEvent(ContactHistory.Type.valueOf(constant(action)));
        } catch (IllegalArgumentException unknown) {
            return action;
        }
    }

    private static Group group(String label, List<String> actions, AuditRequest request) {
        return new Group(label, actions.stream()
                .map(code -> new PeoplePageController.Choice(code, label(code), code.equals(request.action))).toList());
    }

    private static String constant(String code) {
        return code.toUpperCase(Locale.ROOT).replace('-', '_');
    }
}
