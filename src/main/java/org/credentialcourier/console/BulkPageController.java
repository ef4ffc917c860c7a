package org.credentialcourier.console;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.credentialcourier.bulk.BulkAction;
import org.credentialcourier.bulk.BulkItem;
import org.credentialcourier.bulk.BulkOutcome;
import org.credentialcourier.bulk.BulkPlan;
import org.credentialcourier.bulk.BulkProperties;
import org.credentialcourier.bulk.BulkRun;
import org.credentialcourier.bulk.BulkService;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.tracking.DeliveryFunnel;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.StrictUtf8;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * {@code /admin/bulk}: a new bulk invitation from an uploaded CSV file or pasted lines (contacts that do not exist yet
 * are created, then all are invited, as {@code POST /api/contacts/import?invite=true} does), previewed as a dry run or
 * started, and the recent runs; {@code /admin/bulk/{id}}: a run's progress, which is also the review link that process
 * {@code bulk-invitation} puts into its review task.
 * <p>
 * The form is one {@code multipart/form-data} form with two submit buttons: "Preview (dry run)" comes first, so that
 * Enter previews rather than starts. A preview plans the run exactly as a start would and writes and sends nothing;
 * the page then shows the form again, with the pasted lines kept. A browser cannot be told to keep a chosen file, and
 * the page keeps no state between requests (no upload parked in the session, which several nodes would not share):
 * after a preview of a file, the admin chooses the file again to start, and the page says so.
 * <p>
 * The progress page refreshes itself every few seconds while the run is going on, with {@code <meta http-equiv=
 * "refresh">}, as the pages allow no script; a link turns that off (WCAG 2.2.1), and a finished run's page stays still.
 */
@Controller
class BulkPageController {

    static final int SKIPPED_PER_PAGE = 50;
    static final int PREVIEW_LISTED = 100;
    static final int RECENT = 20;
    static final String REFRESH_SECONDS = "3";
    static final int CSV_BATCH = 1000;

    private final BulkService bulks;
    private final BulkProperties properties;
    private final CurrentActor actor;
    private final FunnelTables funnel;

    BulkPageController(BulkService bulks, BulkProperties properties, CurrentActor actor, FunnelTables funnel) {
        this.funnel = funnel;
        this.bulks = bulks;
        this.properties = properties;
        this.actor = actor;
    }

    /** A run in the list of recent runs, with its counts. */
    record RunRow(BulkRun run, Map<BulkOutcome, Integer> counts) {

        public int done() {
            return counts.get(BulkOutcome.DONE);
        }

        public int skipped() {
            return counts.get(BulkOutcome.SKIPPED);
        }
    }

    @GetMapping("/admin/bulk")
    String newRun(Model model) {
        form(model, "");
        return "console/bulk";
    }

    @PostMapping("/admin/bulk")
    String submit(@RequestParam(required = false) MultipartFile file, @RequestParam(required = false) String lines,
                  @RequestParam(defaultValue = "preview") String mode, Model model, HttpServletResponse response,
                  RedirectAttributes flash) throws IOException {
        boolean hasFile = file != null && !file.isEmpty();
        boolean hasLines = lines != null && !lines.isBlank();
        form(model, hasLines ? lines : "");
        model.addAttribute("fileName", hasFile ? file.getOriginalFilename() : null);
        if (hasFile == hasLines) {
            return refuse(model, response, HttpStatus.BAD_REQUEST, hasFile
                    ? "Give a CSV file or pasted lines, not both."
                    : "Choose a CSV file or paste addresses, one per line.");
        }
        if (hasFile && file.getSize() > properties.maxCsvBytes()) {
            return refuse(model, response, HttpStatus.PAYLOAD_TOO_LARGE, "The file is larger than "
                    + properties.maxCsvBytes() + " bytes: split it into several imports.");
        }
        BulkPlan plan;
        try {
            plan = hasFile ? bulks.planCsvImport(StrictUtf8.file(file.getBytes(), "file"), true) : bulks.planPastedInvitations(lines);
        } catch (InvalidInputException refused) {
            return refuse(model, response, HttpStatus.BAD_REQUEST, refused.getMessage() + ". Nothing was imported.");
        }
        if (!"start".equals(mode)) {
            model.addAttribute("preview", plan.summary(PREVIEW_LISTED));
            return "console/bulk";
        }
        BulkRun run;
        try {
            run = bulks.start(plan, actor.name());
        } catch (InvalidInputException | ConflictException refused) {
            return refuse(model, response, refused instanceof ConflictException ? HttpStatus.CONFLICT
                    : HttpStatus.BAD_REQUEST, refused.getMessage() + ". Nothing was started.");
        }
        BulkPlan.Summary started = plan.summary(PREVIEW_LISTED);
        flash.addFlashAttribute("notice", "Bulk run started: " + started.total() + " rows, " + started.wouldDo() + " to "
                + verb(started.action()) + ", " + started.skipped() + " skipped.");
        return "redirect:/admin/bulk/" + run.id();
    }

    @GetMapping("/admin/bulk/{id}")
    String progress(@PathVariable String id, @RequestParam(defaultValue = "0") int page,
                    @RequestParam(required = false) String refresh, Model model) {
        BulkRun run = bulks.get(ContactPageController.checked("bulk run", id));
        Map<BulkOutcome, Integer> counts = bulks.counts(run.id());
        int total = run.total();
        int skipped = counts.get(BulkOutcome.SKIPPED);
        int done = counts.get(BulkOutcome.DONE);
        int pages = Math.max(1, (skipped + SKIPPED_PER_PAGE - 1) / SKIPPED_PER_PAGE);
        int shown = Math.max(0, Math.min(page, pages - 1));
        boolean autoRefresh = !run.finished() && !"off".equals(refresh);
        model.addAttribute("run", run);
        model.addAttribute("done", done);
        model.addAttribute("skipped", skipped);
        model.addAttribute("queued", counts.get(BulkOutcome.QUEUED));
        model.addAttribute("processed", done + skipped);
        model.addAttribute("total", total);
        model.addAttribute("failed", bulks.failedDeliveries(run.id()));
        model.addAttribute("skippedItems", bulks.items(run.id(), BulkOutcome.SKIPPED, shown, SKIPPED_PER_PAGE));
        model.addAttribute("page", shown);
        model.addAttribute("pages", pages);
        model.addAttribute("refresh", autoRefresh ? REFRESH_SECONDS : null);
        model.addAttribute("refreshOff", "off".equals(refresh));
        model.addAttribute("cockpitLink", run.processInstanceId() == null ? null
                : CockpitLinks.instance(run.processInstanceId()));
        model.addAttribute("reviewLink", bulks.reviewTask(run).map(task -> "/camunda/app/tasklist/default/#/?task="
                + task).orElse(null));
        model.addAttribute("funnel", funnel.of(DeliveryFunnel.Scope.bulkRun(run.id(), run.createdAt())));
        model.addAttribute("scannerSeconds", funnel.scannerSeconds());
        return "console/bulk-run";
    }

    /**
     * A run's skipped rows as a CSV file, to correct them in a spreadsheet: read a batch at a time, cells defused by
     * {@link CsvCells}; personal data, so never cached.
     */
    @GetMapping("/admin/bulk/{id}/skipped.csv")
    void skippedCsv(@PathVariable String id, HttpServletResponse response) throws IOException {
        BulkRun run = bulks.get(ContactPageController.checked("bulk run", id));
        response.setContentType("text/csv;charset=UTF-8");
        response.setHeader("Content-Disposition", "attachment; filename=\"bulk-" + run.id() + "-skipped.csv\"");
        response.setHeader("Cache-Control", "no-store");
        Writer out = new BufferedWriter(new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8));
        out.write(CsvCells.BYTE_ORDER_MARK);
        CsvCells.line(out, List.of("Row", "Address or id", "Contact id", "Invitation id", "Reason", "Field",
                "Detail"));
        for (int page = 0; ; page++) {
            List<BulkItem> items = bulks.items(run.id(), BulkOutcome.SKIPPED, page, CSV_BATCH);
            for (BulkItem item : items) {
                CsvCells.line(out, Arrays.asList(item.sourceRow() == null ? "" : item.sourceRow().toString(),
                        item.label(), item.contactId(), item.invitationId(),
                        item.reason() == null ? "" : item.reason().code(), item.field(), item.detail()));
            }
            if (items.size() < CSV_BATCH) {
                break;
            }
        }
        out.flush();
    }

    /** What a run does to each item, as a verb: invite, resend, cancel, create. */
    static String verb(BulkAction action) {
        return switch (action) {
            case INVITE -> "invite";
            case RESEND -> "resend";
            case CANCEL -> "cancel";
            case IMPORT -> "create";
            case RESET_LINK -> "send a reset link to";
        };
    }

    private void form(Model model, String lines) {
        model.addAttribute("lines", lines);
        model.addAttribute("maxBytes", properties.maxCsvBytes());
        model.addAttribute("maxItems", properties.maxItems());
        model.addAttribute("recent", bulks.recent(RECENT).stream()
                .map(run -> new RunRow(run, bulks.counts(run.id()))).toList());
    }

    private static String refuse(Model model, HttpServletResponse response, HttpStatus status, String problem) {
        response.setStatus(status.value());
        model.addAttribute("problem", problem);
        return "console/bulk";
    }
}
