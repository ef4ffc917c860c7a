package org.credentialcourier.console;

import java.io.IOException;
import java.text.NumberFormat;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.tracking.FunnelMetrics;
import org.credentialcourier.tracking.PeopleDirectory;
import org.credentialcourier.tracking.PeopleRow;
import org.credentialcourier.tracking.PeopleSort;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code /admin/contacts}, the console's home: every person, invited or not, searched, filtered, sorted and paged,
 * each row leading to the contact's record; and {@code /admin/contacts/export.csv}, the same filter as a CSV file
 * for a spreadsheet, written row by row as the database hands them over. The page is a plain GET form and links, so
 * it works without script and every state has an address to bookmark or share.
 */
@Controller
class PeoplePageController {

    /** Page numbers shown on either side of the current one, besides the first and the last. */
    private static final int AROUND = 2;

    private final PeopleDirectory directory;
    private final FunnelMetrics funnel;

    PeoplePageController(PeopleDirectory directory, FunnelMetrics funnel) {
        this.directory = directory;
        this.funnel = funnel;
    }

    /** A sortable column's heading: its link, and how it is sorted now ({@code aria-sort}), if it is. */
    record Heading(String label, String href, String ariaSort) {
    }

    /** A page link in the pager; {@code number} 0 is a gap ("…"). */
    record PageLink(int number, String href, boolean current) {
    }

    /** A choice of a filter's list, with how many match it where that is known. */
    record Choice(String value, String label, boolean selected) {
    }

    @GetMapping("/admin/contacts")
    String list(PeopleRequest.Params params, @RequestParam(required = false) String select,
                @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time, Model model) {
        PeopleRequest request = new PeopleRequest(params, time.zone());
        int page = params.page() == null ? 1 : params.page();
        Map<AccountStatus, Long> counts = directory.countsByAccount(request.filter());
        long everyAccount = counts.values().stream().mapToLong(Long::longValue).sum();
        long matching = request.account == null ? everyAccount : counts.get(request.account);
        int pages = (int) Math.max(1, (matching + request.size - 1) / request.size);
        int current = Math.max(1, Math.min(page, pages));
        List<PeopleRow> rows = directory.page(request.filter(), request.sort, (long) (current - 1) * request.size,
                request.size);

        model.addAttribute("q", request.q == null ? "" : request.q);
        model.addAttribute("accounts", accountChoices(request, counts, everyAccount));
        model.addAttribute("invitations", PeopleRequest.INVITATION_FILTERS.stream()
                .map(s -> new Choice(s.code(), capitalised(s.code()), s == request.invitation)).toList());
        model.addAttribute("languages", SupportedLocales.TAGS.stream()
                .map(tag -> new Choice(tag, tag, tag.equals(request.language))).toList());
        model.addAttribute("sizes", PeopleRequest.SIZES.stream()
                .map(n -> new Choice(n.toString(), n.toString(), n == request.size)).toList());
        model.addAttribute("from", request.from == null ? "" : request.from.toString());
        model.addAttribute("to", request.to == null ? "" : request.to.toString());
        model.addAttribute("sort", request.sort.column().param());
        model.addAttribute("dir", request.sort.dir());
        model.addAttribute("sorted", request.sorted());
        model.addAttribute("filtered", request.filtered());
        model.addAttribute("headings", headings(request));
        model.addAttribute("rows", rows);
        model.addAttribute("summary", summary(matching, request, current, pages));
        model.addAttribute("page", current);
        model.addAttribute("pages", pages);
        model.addAttribute("pageLinks", pageLinks(request, current, pages));
        model.addAttribute("previous", current > 1 ? request.page(current - 1) : null);
        model.addAttribute("next", current < pages ? request.page(current + 1) : null);
        model.addAttribute("export", request.export());
        model.addAttribute("zone", time.zoneName());
        selection(request, current, "page".equals(select), matching, rows.size(), model);
        // the console's home: what became of the emails lately (the delivery funnel's totals, cached)
        model.addAttribute("funnel", funnel.totals());
        return "console/people";
    }

    /**
     * The same filter and order as a CSV file: checked before the first byte is written (so a bad parameter is still
     * a 400 page), then streamed; personal data, so it is never cached.
     */
    @GetMapping("/admin/contacts/export.csv")
    void export(PeopleRequest.Params params, @ModelAttribute(name = ConsoleAdvice.WHEN, binding = false) ConsoleTime time,
                HttpServletResponse response) throws IOException {
        PeopleRequest request = new PeopleRequest(new PeopleRequest.Params(params.q(), params.account(),
                params.invitation(), params.language(), params.from(), params.to(), params.sort(), params.dir(),
                null, null), time.zone());
        String zone = " (" + time.zoneName() + ")";
        CsvCells.download(response, "people-" + LocalDate.now(time.zone()) + ".csv",
                List.of("Id", "First name", "Last name", "Email", "Language", "Account", "Invitation",
                        "Invited" + zone, "Invitation expires or ended" + zone, "Created" + zone),
                each -> directory.forEach(request.filter(), request.sort, each),
                (PeopleRow row) -> List.of(row.id(), row.firstName(), row.lastName(), row.email(), row.language(),
                        row.account().code(), row.invitation() == null ? "" : row.invitation().code(),
                        time.cell(row.invitedAt()), time.cell(row.invitationEnds()), time.cell(row.createdAt())));
    }

    /**
     * The bulk form's parts: the filter as hidden fields, the actions, and "tick all on this page", a link (no script)
     * to the same page with every box ticked and Gmail's line "All 25 on this page are selected. Select all 1,234
     * matching", whose second half is the radio that sends the filter instead of the ticked ids.
     */
    private static void selection(PeopleRequest request, int current, boolean all, long matching, int shown,
                                  Model model) {
        String here = request.page(current);
        model.addAttribute("fields", request.fields());
        model.addAttribute("bulkActions", List.of(PeopleBulkController.PeopleAction.values()));
        model.addAttribute("allTicked", all);
        model.addAttribute("tickAll", UriComponentsBuilder.fromUriString(here).queryParam("select", "page")
                .build().toUriString());
        model.addAttribute("untickAll", here);
        model.addAttribute("matching", matching);
        model.addAttribute("matchingText", NumberFormat.getIntegerInstance(Locale.ENGLISH).format(matching));
        model.addAttribute("moreThanShown", matching > shown);
    }

    private static List<Choice> accountChoices(PeopleRequest request, Map<AccountStatus, Long> counts, long all) {
        List<Choice> choices = new ArrayList<>();
        choices.add(new Choice("", "Any (" + all + ")", request.account == null));
        counts.forEach((status, n) -> choices.add(new Choice(status.code(),
                capitalised(status.code()) + " (" + n + ")", status == request.account)));
        return choices;
    }

    private static List<Heading> headings(PeopleRequest request) {
        List<Heading> headings = new ArrayList<>();
        for (PeopleSort.Column column : PeopleSort.Column.values()) {
            String ariaSort = request.sort.column() != column ? null
                    : request.sort.ascending() ? "ascending" : "descending";
            headings.add(new Heading(label(column), request.sortedBy(column), ariaSort));
        }
        return headings;
    }

    private static String label(PeopleSort.Column column) {
        return switch (column) {
            case NAME -> "Name";
            case EMAIL -> "Email";
            case LANGUAGE -> "Language";
            case ACCOUNT -> "Account";
            case INVITATION -> "Latest invitation";
            case CREATED -> "Added";
        };
    }

    /** "12 people matching “smith”, filtered, by name A–Z; page 2 of 3." */
    private static String summary(long matching, PeopleRequest request, int current, int pages) {
        boolean up = request.sort.ascending();
        String order = switch (request.sort.column()) {
            case NAME -> up ? "by name A\u2013Z" : "by name Z\u2013A";
            case EMAIL -> up ? "by email A\u2013Z" : "by email Z\u2013A";
            case CREATED -> up ? "oldest first" : "newest first";
            default -> "by " + label(request.sort.column()).toLowerCase(Locale.ROOT) + (up ? "" : ", reversed");
        };
        boolean narrowed = request.account != null || request.invitation != null || request.language != null
                || request.from != null || request.to != null;
        return matching + (matching == 1 ? " person" : " people")
                + (request.q == null ? "" : " matching \u201c" + request.q + "\u201d")
                + (narrowed ? ", filtered" : "") + ", " + order
                + (pages > 1 ? "; page " + current + " of " + pages : "") + ".";
    }

    /** 1 … 4 5 [6] 7 8 … 20: the first, the last, and {@value #AROUND} on either side of the current page. */
    private static List<PageLink> pageLinks(PeopleRequest request, int current, int pages) {
        List<PageLink> links = new ArrayList<>();
        int last = 0;
        for (int n = 1; n <= pages; n++) {
            if (n == 1 || n == pages || Math.abs(n - current) <= AROUND) {
                if (n > last + 1) {
                    links.add(new PageLink(0, null, false));
                }
                links.add(new PageLink(n, request.page(n), n == current));
                last = n;
            } else if (n < current - AROUND) {
                n = current - AROUND - 1;
            } else {
                n = pages - 1;
            }
        }
        return links;
    }

    private static String capitalised(String code) {
        return Character.toUpperCase(code.charAt(0)) + code.substring(1);
    }
}
