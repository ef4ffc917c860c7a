package org.credentialcourier.console;

import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.credentialcourier.bulk.BulkAction;
import org.credentialcourier.bulk.BulkPlan;
import org.credentialcourier.bulk.BulkRun;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.bulk.BulkSource;
import org.credentialcourier.bulk.SkipReason;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.tracking.PeopleDirectory;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The people directory's bulk actions (send credentials, resend, cancel, send a reset link) on the ticked people or on everyone the
 * filter matches, carried out by a bulk run ({@link BulkService}) whose page shows the progress and the skipped rows.
 * <p>
 * Ticked people are at most a page: the run starts at once. "All N matching" sends the filter instead of ids; it is
 * resolved to contact ids here, on the server, with the directory's own query (so N is the number the page showed),
 * and answered first with a dry run ({@link BulkPlan#summary}) on a page of its own: only its Confirm, a POST with
 * the CSRF token, starts the run, planned afresh. The filter comes back as form fields and is checked again like the
 * address; anything wrong is a 400 page naming the field, and nothing is started.
 */
@Controller
class PeopleBulkController {

    /** The most people a page shows, so the most that can be ticked. */
    static final int MAX_TICKED = PeopleRequest.SIZES.get(PeopleRequest.SIZES.size() - 1);
    static final int LISTED_SKIPPED = 20;
    private static final Pattern CONTACT_ID = Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");

    private final PeopleDirectory directory;
    private final BulkService bulks;
    private final CurrentActor actor;

    PeopleBulkController(PeopleDirectory directory, BulkService bulks, CurrentActor actor) {
        this.directory = directory;
        this.bulks = bulks;
        this.actor = actor;
    }

    /** The action buttons of the directory, by the code the form sends. */
    enum PeopleAction {
        INVITE(BulkAction.INVITE, "Send credentials", "Invite", "will get an email"),
        RESEND(BulkAction.RESEND, "Resend invitation", "Resend the invitation of", "will get a new email"),
        CANCEL(BulkAction.CANCEL, "Cancel invitation", "Cancel the invitation of", "will be cancelled"),
        RESET_LINK(BulkAction.RESET_LINK, "Send reset link", "Send a reset link to", "will get an email");

        final BulkAction bulk;
        final String button;
        final String title;
        final String outcome;

        PeopleAction(BulkAction bulk, String button, String title, String outcome) {
            this.bulk = bulk;
            this.button = button;
            this.title = title;
            this.outcome = outcome;
        }

        public String code() {
            return bulk.code();
        }

        public String button() {
            return button;
        }

        static PeopleAction parse(String code) {
            for (PeopleAction action : values()) {
                if (action.code().equals(code)) {
                    return action;
                }
            }
            throw new InvalidInputException("action", "must be one of invite, resend, cancel, reset-link");
        }
    }

    /**
     * The bulk form: the ticked people start a run at once; all matching the filter get the dry run first.
     */
    @PostMapping("/admin/contacts/bulk")
    String submit(PeopleRequest.Params params, @RequestParam(required = false) String action,
                  @RequestParam(required = false) String scope,
                  @RequestParam(name = "ids", required = false) List<String> ids,
                  @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time, Model model,
                  RedirectAttributes flash) {
        PeopleAction what = PeopleAction.parse(action);
        PeopleRequest request = new PeopleRequest(params, time.zone());
        if ("matching".equals(scope)) {
            BulkPlan plan = planMatching(what, request);
            model.addAttribute("title", title(what, plan.items().size()));
            model.addAttribute("sentence", sentence(what, plan));
            model.addAttribute("wouldDo", plan.summary(0).wouldDo());
            model.addAttribute("skippedItems", plan.summary(LISTED_SKIPPED).skippedItems());
            model.addAttribute("moreSkipped", plan.summary(LISTED_SKIPPED).moreSkipped());
            model.addAttribute("action", what);
            model.addAttribute("fields", request.fields());
            model.addAttribute("back", request.page(1));
            return "console/people-bulk";
        }
        if (scope != null && !"selected".equals(scope)) {
            throw new InvalidInputException("scope", "must be selected or matching");
        }
        List<String> ticked = ticked(ids);
        BulkPlan plan = bulks.planForContacts(what.bulk, BulkSource.CONTACT_IDS, ticked);
        long unknown = plan.items().stream().filter(item -> item.reason() == SkipReason.UNKNOWN_CONTACT).count();
        if (unknown > 0) {
            throw new InvalidInputException("ids", unknown + (unknown == 1 ? " ticked person does" : " ticked people do")
                    + " not exist (any more): reload the list; nothing was started");
        }
        return start(what, plan, flash);
    }

    /** Confirm on the dry run's page: the filter is resolved and planned again, then the run starts. */
    @PostMapping("/admin/contacts/bulk/confirm")
    String confirm(PeopleRequest.Params params, @RequestParam(required = false) String action,
                   @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time,
                   RedirectAttributes flash) {
        PeopleAction what = PeopleAction.parse(action);
        return start(what, planMatching(what, new PeopleRequest(params, time.zone())), flash);
    }

    private String start(PeopleAction what, BulkPlan plan, RedirectAttributes flash) {
        BulkRun run = bulks.start(plan, actor.name());
        flash.addFlashAttribute("notice", "Bulk run started: " + sentence(what, plan) + ".");
        return "redirect:/admin/bulk/" + run.id();
    }

    /** Everyone the filter matches, in the page's order, bounded by the bulk limit (one more, to tell the excess). */
    private BulkPlan planMatching(PeopleAction what, PeopleRequest request) {
        List<String> ids = directory.ids(request.filter(), request.sort, bulks.maxItems() + 1);
        if (ids.isEmpty()) {
            throw new InvalidInputException("filter", "matches nobody: nothing to do");
        }
        return bulks.planForContacts(what.bulk, BulkSource.FILTER, ids);
    }

    /** The ticked ids: at least one, at most a page, each shaped like a contact id. */
    private static List<String> ticked(List<String> ids) {
        if (ids == null || ids.isEmpty()) {
            throw new InvalidInputException("ids", "tick at least one person, or choose all matching");
        }
        if (ids.size() > MAX_TICKED) {
            throw new InvalidInputException("ids", "at most " + MAX_TICKED + " ticked people: for more, choose all"
                    + " matching");
        }
        for (String id : ids) {
            if (!CONTACT_ID.matcher(id).matches()) {
                throw new InvalidInputException("ids", "must be contact ids");
            }
        }
        return ids;
    }

    /** "Invite 1,234 people". */
    static String title(PeopleAction what, int count) {
        return what.title + " " + number(count) + (count == 1 ? " person" : " people");
    }

    /**
     * "Invite 1,234 people: 1,100 will get an email, 134 skipped (already active: 120, open invitation: 14)".
     */
    static String sentence(PeopleAction what, BulkPlan plan) {
        BulkPlan.Summary summary = plan.summary(0);
        String sentence = title(what, summary.total()) + ": " + number(summary.wouldDo()) + " " + what.outcome;
        if (summary.skipped() == 0) {
            return sentence;
        }
        Map<SkipReason, Long> reasons = plan.skippedByReason();
        return sentence + ", " + number(summary.skipped()) + " skipped (" + reasons.entrySet().stream()
                .sorted(Map.Entry.<SkipReason, Long>comparingByValue().reversed())
                .map(reason -> reason.getKey().brief() + ": " + number(reason.getValue()))
                .collect(Collectors.joining(", ")) + ")";
    }

    private static String number(long n) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(n);
    }
}
