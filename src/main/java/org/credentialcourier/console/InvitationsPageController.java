package org.credentialcourier.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.bulk.BulkAction;
import org.credentialcourier.bulk.BulkPlan;
import org.credentialcourier.bulk.BulkProperties;
import org.credentialcourier.bulk.BulkRun;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.bulk.BulkSource;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.tracking.InvitationList;
import org.credentialcourier.tracking.InvitationListItem;
import org.credentialcourier.tracking.InvitationSort;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.validation.NoControlCharactersValidator;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /admin/invitations}: every invitation, in tabs by status with their counts, searched by name or email, a
 * page of {@value #PAGE_SIZE} at a time, newest first; each row links to its contact and to its process instance in
 * Cockpit.
 * <p>
 * Ticked rows are resent or cancelled right away, each in a transaction of its own ({@link InvitationActions}), and
 * the list comes back (POST-redirect-GET) with what happened: "3 resent; 1 skipped: already active". A whole tab
 * ("Resend all 12 expired", narrowed by the search if there is one) is a bulk run instead: a preview page shows the
 * dry run ({@link BulkService#planInvitationAction}) with a Start button, and the run's progress page follows; a
 * confirmation step matters here, as the pages have no script for a "really?" dialog.
 */
@Controller
class InvitationsPageController {

    static final int PAGE_SIZE = 25;
    static final int MAX_Q = 200;
    private static final int MAX_SELECTED = 100;
    private static final int LISTED_SKIPPED = 100;

    private final InvitationList list;
    private final InvitationActions actions;
    private final CockpitLinks cockpit;
    private final BulkService bulks;
    private final BulkProperties properties;
    private final CurrentActor actor;

    InvitationsPageController(InvitationList list, InvitationActions actions, CockpitLinks cockpit, BulkService bulks,
                              BulkProperties properties, CurrentActor actor) {
        this.list = list;
        this.actions = actions;
        this.cockpit = cockpit;
        this.bulks = bulks;
        this.properties = properties;
        this.actor = actor;
    }

    /** A status tab: its code ({@code ""} for all), its name, how many, and whether it is the one shown. */
    record Tab(String code, String name, long count, boolean current, String href) {
    }

    /** An action on a whole tab, offered as a link to its preview. */
    record TabAction(String label, String href) {
    }

    @GetMapping("/admin/invitations")
    String list(@RequestParam(required = false) String status, @RequestParam(required = false) String q,
                @RequestParam(defaultValue = "0") int page, Model model) {
        InvitationStatus shown = status(status);
        String search = search(q);
        Map<InvitationStatus, Long> counts = list.countsByStatus(search);
        long total = counts.values().stream().mapToLong(Long::longValue).sum();
        long inTab = shown == null ? total : counts.get(shown);
        int pages = (int) Math.max(1, (inTab + PAGE_SIZE - 1) / PAGE_SIZE);
        int current = Math.max(0, Math.min(page, pages - 1));
        List<InvitationListItem> rows = list.page(shown, search, InvitationSort.DEFAULT, current * PAGE_SIZE,
                PAGE_SIZE, inTab);

        List<Tab> tabs = new ArrayList<>();
        tabs.add(new Tab("", "All", total, shown == null, listLink(null, search, 0)));
        for (InvitationStatus s : InvitationStatus.values()) {
            tabs.add(new Tab(s.code(), capitalised(s.code()), counts.get(s), s == shown, listLink(s, search, 0)));
        }
        model.addAttribute("tabs", tabs);
        model.addAttribute("status", shown == null ? "" : shown.code());
        model.addAttribute("summary", inTab + " " + (shown == null ? "" : shown.code() + " ")
                + (inTab == 1 ? "invitation" : "invitations")
                + (search == null ? "" : " matching \u201c" + search + "\u201d") + ", newest first"
                + (pages > 1 ? "; page " + (current + 1) + " of " + pages : "") + ".");
        model.addAttribute("q", search == null ? "" : search);
        model.addAttribute("rows", rows);
        model.addAttribute("cockpit", cockpit.forInvitations(rows.stream().map(InvitationListItem::id).toList()));
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("inTab", inTab);
        model.addAttribute("previous", current > 0 ? listLink(shown, search, current - 1) : null);
        model.addAttribute("next", current + 1 < pages ? listLink(shown, search, current + 1) : null);
        model.addAttribute("tabActions", tabActions(shown, search, inTab));
        return "console/invitations";
    }

    /** Resend or cancel the ticked rows now; back to the same tab, search and page. */
    @PostMapping("/admin/invitations/actions")
    String act(@RequestParam(required = false) String action, @RequestParam(required = false) List<String> ids,
               @RequestParam(required = false) String status, @RequestParam(required = false) String q,
               @RequestParam(defaultValue = "0") int page, RedirectAttributes flash) {
        InvitationStatus shown = status(status);
        String search = search(q);
        InvitationActions.Action what = InvitationActions.Action.of(action);
        if (what == null) {
            throw new InvalidInputException("action", "must be resend or cancel");
        }
        List<String> selected = ids == null ? List.of() : ids.stream().filter(id -> id != null && !id.isBlank()).toList();
        if (selected.isEmpty()) {
            flash.addFlashAttribute("problem", "Tick at least one invitation, then choose Resend or Cancel.");
        } else if (selected.size() > MAX_SELECTED || selected.stream().anyMatch(id -> id.length() > 36)) {
            throw new InvalidInputException("ids", "at most " + MAX_SELECTED + " invitation ids");
        } else {
            InvitationActions.Outcome outcome = actions.apply(what, selected, actor.name());
            flash.addFlashAttribute("notice", outcome.summary() + ".");
            flash.addFlashAttribute("details", outcome.skipped());
        }
        return "redirect:" + listLink(shown, search, Math.max(0, page));
    }

    /** The dry run of an action on a whole tab, with a Start button. */
    @GetMapping("/admin/invitations/bulk")
    String previewTab(@RequestParam String action, @RequestParam String status, @RequestParam(required = false) String q,
                      Model model, HttpServletResponse response) {
        TabRequest request = tabRequest(action, status, q);
        model.addAttribute("request", request);
        model.addAttribute("back", listLink(request.status(), request.q(), 0));
        try {
            BulkPlan plan = plan(request);
            BulkPlan.Summary summary = plan.summary(LISTED_SKIPPED);
            model.addAttribute("total", summary.total());
            model.addAttribute("wouldDo", summary.wouldDo());
            model.addAttribute("skipped", summary.skipped());
            model.addAttribute("skippedItems", summary.skippedItems());
        } catch (InvalidInputException refused) {
            response.setStatus(HttpStatus.BAD_REQUEST.value());
            model.addAttribute("problem", refused.getMessage() + ".");
        }
        return "console/invitations-bulk";
    }

    /** Starts the bulk run for the whole tab, planned afresh, and shows its progress. */
    @PostMapping("/admin/invitations/bulk")
    String startTab(@RequestParam String action, @RequestParam String status, @RequestParam(required = false) String q,
                    RedirectAttributes flash) {
        TabRequest request = tabRequest(action, status, q);
        BulkRun run;
        try {
            run = bulks.start(plan(request), actor.name());
        } catch (InvalidInputException | ConflictException refused) {
            flash.addFlashAttribute("problem", refused.getMessage() + ". Nothing was started.");
            return "redirect:" + listLink(request.status(), request.q(), 0);
        }
        flash.addFlashAttribute("notice", "Bulk run started.");
        return "redirect:/admin/bulk/" + run.id();
    }

    /** "Resend all 12 expired (matching "smith")". */
    record TabRequest(BulkAction action, InvitationStatus status, String q) {

        public String title(long count) {
            return (action == BulkAction.RESEND ? "Resend" : "Cancel") + " all " + count + " " + status.code()
                    + (q == null ? "" : " matching \u201c" + q + "\u201d");
        }

        public String verb() {
            return action == BulkAction.RESEND ? "resend" : "cancel";
        }
    }

    private TabRequest tabRequest(String action, String status, String q) {
        BulkAction bulkAction = "resend".equals(action) ? BulkAction.RESEND : "cancel".equals(action)
                ? BulkAction.CANCEL : null;
        InvitationStatus bulkStatus = status(status);
        if (bulkAction == null || bulkStatus == null || !allowed(bulkAction, bulkStatus)) {
            throw new InvalidInputException("action", "is not an action on this tab");
        }
        return new TabRequest(bulkAction, bulkStatus, search(q));
    }

    /**
     * Without a search, every invitation in the status ({@code POST /api/invitations/resend {"status": ...}} does the
     * same); with one, the invitations of the tab that match it.
     */
    private BulkPlan plan(TabRequest request) {
        if (request.q() == null) {
            return bulks.planInvitationAction(request.action(), request.status());
        }
        List<String> ids = list.ids(request.status(), request.q(), properties.maxItems() + 1);
        return bulks.planInvitationAction(request.action(), BulkSource.INVITATION_IDS, ids);
    }

    private List<TabAction> tabActions(InvitationStatus status, String q, long count) {
        List<TabAction> offered = new ArrayList<>();
        if (status == null || count == 0) {
            return offered;
        }
        for (BulkAction action : List.of(BulkAction.RESEND, BulkAction.CANCEL)) {
            if (allowed(action, status)) {
                TabRequest request = new TabRequest(action, status, q);
                offered.add(new TabAction(request.title(count) + "\u2026", UriComponentsBuilder
                        .fromPath("/admin/invitations/bulk").queryParam("action", request.verb())
                        .queryParam("status", status.code()).queryParamIfPresent("q", Optional.ofNullable(q))
                        .encode().build().toUriString()));
            }
        }
        return offered;
    }

    /**
     * What {@link InvitationPolicy} allows for the status: resend all expired or failed, cancel all pending or failed;
     * the page offers no "resend all pending" (resending every pending one is rarely meant).
     */
    private static boolean allowed(BulkAction action, InvitationStatus status) {
        return action == BulkAction.RESEND
                ? status != InvitationStatus.PENDING && InvitationPolicy.resend(status).isEmpty()
                : InvitationPolicy.cancel(status).isEmpty();
    }

    static String listLink(InvitationStatus status, String q, int page) {
        UriComponentsBuilder link = UriComponentsBuilder.fromPath("/admin/invitations");
        if (status != null) {
            link.queryParam("status", status.code());
        }
        if (q != null) {
            link.queryParam("q", q);
        }
        if (page > 0) {
            link.queryParam("page", page);
        }
        return link.encode().build().toUriString();
    }

    private static InvitationStatus status(String code) {
        if (code == null || code.isBlank() || "all".equals(code)) {
            return null;
        }
        for (InvitationStatus status : InvitationStatus.values()) {
            if (status.code().equals(code)) {
                return status;
            }
        }
        throw new InvalidInputException("status", "must be one of pending, failed, active, expired, cancelled");
    }

    private static String search(String q) {
        if (q == null || q.isBlank()) {
            return null;
        }
        String search = q.strip();
        if (search.length() > MAX_Q || !NoControlCharactersValidator.isClean(search)) {
            throw new InvalidInputException("q", "must be at most " + MAX_Q + " characters, without control characters");
        }
        return search;
    }

    private static String capitalised(String code) {
        return code.substring(0, 1).toUpperCase(Locale.ROOT) + code.substring(1);
    }
}
