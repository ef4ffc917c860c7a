package org.credentialcourier.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import org.credentialcourier.bulk.BulkService.ContactFilter;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.SupportedLocales;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.validation.NoControlCharacters;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.StrictUtf8;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Bulk operations over REST: invite many contacts, import contacts from CSV (and invite them), resend or cancel many
 * invitations (by id, by status, or the latest of contacts by id or filter), send many reset links; each answers 202 with the run's id and its page, or with {@code dryRun=true} 200 with what would
 * happen and nothing written.
 */
@RestController
@Validated
public class BulkController {

    /** Skipped items listed in a run's answer; the rest through {@code /api/bulk/{id}/items}. */
    static final int LISTED_SKIPPED = 100;

    private final BulkService bulks;
    private final BulkProperties properties;
    private final CurrentActor actor;

    public BulkController(BulkService bulks, BulkProperties properties, CurrentActor actor) {
        this.bulks = bulks;
        this.properties = properties;
        this.actor = actor;
    }

    public record Filter(AccountStatus accountStatus,
                         @Pattern(regexp = SupportedLocales.PATTERN, message = "must be one of: en, fr") String locale,
                         @Size(max = 200) @NoControlCharacters String q) {
    }

    /** Exactly one of the two: the contacts by id, or every contact the filter matches. */
    public record ContactSelection(List<@NotBlank @Size(max = 36) @NoControlCharacters String> contactIds,
                                   @Valid Filter filter) {
    }

    /**
     * Exactly one of the four: the invitations by id, every invitation in a status, or contacts (by id or by a
     * filter) whose latest invitation it is.
     */
    public record InvitationSelection(List<@NotBlank @Size(max = 36) @NoControlCharacters String> ids,
                                      InvitationStatus status,
                                      List<@NotBlank @Size(max = 36) @NoControlCharacters String> contactIds,
                                      @Valid Filter filter) {
    }

    public record SkippedItem(int seq, Integer row, String contactId, String invitationId, String label,
                              SkipReason reason, String field, String detail) {
        static SkippedItem of(BulkItem item) {
            return new SkippedItem(item.seq(), item.sourceRow(), item.contactId(), item.invitationId(), item.label(),
                    item.reason(), item.field(), item.detail());
        }
    }

    public record ItemView(int seq, Integer row, String contactId, String invitationId, String label,
                           BulkOutcome outcome, SkipReason reason, String field, String detail,
                           boolean contactCreated) {
        static ItemView of(BulkItem item) {
            return new ItemView(item.seq(), item.sourceRow(), item.contactId(), item.invitationId(), item.label(),
                    item.outcome(), item.reason(), item.field(), item.detail(), item.contactCreated());
        }
    }

    /**
     * A run, or with {@code dryRun} what a run would do. {@code done} counts the items carried out (invited, resent,
     * cancelled or imported as {@code action} says; {@code invited} repeats it for an invitation run); {@code failed}
     * the invitations of the run whose delivery has failed so far; {@code skippedByReason} counts the skipped items by
     * reason; {@code warnings} (dry runs only) lists the pre-send checks' warnings about items it would carry out.
     */
    public record BulkView(String id, boolean dryRun, BulkAction action, BulkSource source, int total, int imported,
                           int queued, int done, Integer invited, int skipped, Map<String, Long> skippedByReason,
                           int failed, boolean finished, String createdBy, Instant createdAt, Instant finishedAt,
                           String processInstanceId, List<SkippedItem> skippedItems, List<BulkWarning> warnings) {
    }

    public record ItemPage(List<ItemView> items, int page, int size) {
    }

    public record BulkList(List<BulkView> items) {
    }

    @PostMapping(path = "/api/invitations/bulk", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BulkView> invite(@Valid @RequestBody ContactSelection selection,
                                           @RequestParam(defaultValue = "false") boolean dryRun) {
        return respond(planForContacts(BulkAction.INVITE, selection), dryRun);
    }

    /** A reset link to each selected contact with an active account, as the People page's bulk action sends it. */
    @PostMapping(path = "/api/contacts/reset-links", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BulkView> resetLinks(@Valid @RequestBody ContactSelection selection,
                                               @RequestParam(defaultValue = "false") boolean dryRun) {
        return respond(planForContacts(BulkAction.RESET_LINK, selection), dryRun);
    }

    /** A CSV file ({@code text/csv}, UTF-8): email, firstName, lastName, locale; {@code invite=true} invites them. */
    @PostMapping(path = "/api/contacts/import", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    public ResponseEntity<BulkView> importContacts(HttpServletRequest request,
                                                   @RequestParam(defaultValue = "false") boolean invite,
                                                   @RequestParam(defaultValue = "false") boolean dryRun)
            throws IOException {
        String csv = readCsv(request, properties.maxCsvBytes());
        BulkPlan plan = bulks.planCsvImport(csv, invite);
        return respond(plan, dryRun);
    }

    @PostMapping(path = "/api/invitations/resend", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BulkView> resend(@Valid @RequestBody InvitationSelection selection,
                                           @RequestParam(defaultValue = "false") boolean dryRun) {
        return respond(plan(BulkAction.RESEND, selection), dryRun);
    }

    @PostMapping(path = "/api/invitations/cancel", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<BulkView> cancel(@Valid @RequestBody InvitationSelection selection,
                                           @RequestParam(defaultValue = "false") boolean dryRun) {
        return respond(plan(BulkAction.CANCEL, selection), dryRun);
    }

    @GetMapping("/api/bulk/{id}")
    public BulkView get(@PathVariable @Size(max = 36) String id) {
        return view(bulks.get(id));
    }

    @GetMapping("/api/bulk")
    public BulkList recent(@RequestParam(defaultValue = "20") @Min(1) @Max(200) int limit) {
        return new BulkList(bulks.recent(limit).stream().map(this::view).toList());
    }

    @GetMapping("/api/bulk/{id}/items")
    public ItemPage items(@PathVariable @Size(max = 36) String id,
                          @RequestParam(required = false) BulkOutcome outcome,
                          @RequestParam(defaultValue = "0") @Min(0) @Max(100_000) int page,
                          @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        bulks.get(id);
        return new ItemPage(bulks.items(id, outcome, page, size).stream().map(ItemView::of).toList(), page, size);
    }

    /** Contacts by id or by filter, exactly one of the two: planned for the action with the console's planning. */
    private BulkPlan planForContacts(BulkAction action, ContactSelection selection) {
        if ((selection.contactIds() == null) == (selection.filter() == null)) {
            throw new InvalidInputException("contactIds", "Give either contactIds or a filter");
        }
        return selection.contactIds() != null
                ? bulks.planForContacts(action, BulkSource.CONTACT_IDS, selection.contactIds())
                : bulks.planForContacts(action, new ContactFilter(selection.filter().accountStatus(),
                selection.filter().locale(), selection.filter().q()));
    }

    /**
     * Invitations by id or status, or the latest invitation of contacts by id or filter: exactly one of the four.
     * None names {@code ids}; a second names itself.
     */
    private BulkPlan plan(BulkAction action, InvitationSelection selection) {
        Map<String, Object> given = new LinkedHashMap<>();
        given.put("ids", selection.ids());
        given.put("status", selection.status());
        given.put("contactIds", selection.contactIds());
        given.put("filter", selection.filter());
        given.values().removeIf(Objects::isNull);
        if (given.size() != 1) {
            String field = given.isEmpty() ? "ids" : List.copyOf(given.keySet()).get(1);
            throw new InvalidInputException(field, "Give exactly one of ids, status, contactIds or filter");
        }
        if (selection.ids() != null) {
            return bulks.planInvitationAction(action, BulkSource.INVITATION_IDS, selection.ids());
        }
        if (selection.status() != null) {
            return bulks.planInvitationAction(action, selection.status());
        }
        return planForContacts(action, new ContactSelection(selection.contactIds(), selection.filter()));
    }

    private ResponseEntity<BulkView> respond(BulkPlan plan, boolean dryRun) {
        if (dryRun) {
            return ResponseEntity.ok(preview(plan));
        }
        BulkRun run = bulks.start(plan, actor.name());
        return ResponseEntity.accepted().location(URI.create("/api/bulk/" + run.id())).body(view(run));
    }

    BulkView view(BulkRun run) {
        Map<BulkOutcome, Integer> counts = bulks.counts(run.id());
        int done = counts.get(BulkOutcome.DONE);
        List<SkippedItem> skipped = bulks.items(run.id(), BulkOutcome.SKIPPED, 0, LISTED_SKIPPED).stream()
                .map(SkippedItem::of).toList();
        return new BulkView(run.id(), false, run.action(), run.source(), run.total(), run.imported(),
                counts.get(BulkOutcome.QUEUED), done, run.action() == BulkAction.INVITE ? done : null,
                counts.get(BulkOutcome.SKIPPED), byCode(bulks.skippedByReason(run.id())),
                bulks.failedDeliveries(run.id()), run.finished(), run.createdBy(), run.createdAt(), run.finishedAt(),
                run.processInstanceId(), skipped, null);
    }

    /** What the run would do: the queued items are those it would carry out. */
    static BulkView preview(BulkPlan plan) {
        BulkPlan.Summary summary = plan.summary(LISTED_SKIPPED);
        int wouldDo = summary.wouldDo();
        return new BulkView(null, true, plan.action(), plan.source(), summary.total(), summary.created(),
                0, wouldDo, plan.action() == BulkAction.INVITE ? wouldDo : null, summary.skipped(),
                byCode(plan.skippedByReason()), 0, false,
                null, null, null, null, summary.skippedItems().stream().map(SkippedItem::of).toList(),
                summary.warnings());
    }

    /** The counts keyed by the reasons' codes, as every other field names them ({@code already-active}). */
    private static Map<String, Long> byCode(Map<SkipReason, Long> counts) {
        Map<String, Long> byCode = new LinkedHashMap<>();
        counts.forEach((reason, count) -> byCode.put(reason.code(), count));
        return byCode;
    }

    /** The body, at most {@code max} bytes of strict UTF-8: 413 or 400 naming the body otherwise. */
    static String readCsv(HttpServletRequest request, int max) throws IOException {
        if (request.getContentLengthLong() > max) {
            throw tooLarge(max);
        }
        byte[] body;
        try (InputStream in = request.getInputStream()) {
            body = in.readNBytes(max + 1);
        }
        if (body.length > max) {
            throw tooLarge(max);
        }
        return StrictUtf8.file(body, "body");
    }

    static ErrorResponseException tooLarge(int max) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.PAYLOAD_TOO_LARGE,
                "The file is larger than " + max + " bytes: split it into several imports");
        problem.setTitle("Payload too large");
        problem.setProperty("field", "body");
        return new ErrorResponseException(HttpStatus.PAYLOAD_TOO_LARGE, problem, null);
    }
}
