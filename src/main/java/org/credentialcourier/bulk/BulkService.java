package org.credentialcourier.bulk;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationPolicy.OpenInvitation;
import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk operations over contacts and invitations. A request is first planned item by item (what would happen to each
 * contact, and why one is skipped): a dry run returns the plan, a real run records it and starts process
 * {@code bulk-invitation}, which carries the queued items out a chunk per transaction. Each chunk checks every item
 * again, since the world may have moved between the request and the chunk.
 */
@Service
public class BulkService {

    private static final Logger log = LoggerFactory.getLogger(BulkService.class);

    private final BulkRepository bulks;
    private final ContactRepository contacts;
    private final InvitationService invitations;
    private final RuntimeService runtime;
    private final BulkProperties properties;
    private final Clock clock;

    public BulkService(BulkRepository bulks, ContactRepository contacts, InvitationService invitations,
                       RuntimeService runtime, BulkProperties properties, Clock clock) {
        this.bulks = bulks;
        this.contacts = contacts;
        this.invitations = invitations;
        this.runtime = runtime;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a filter over contacts may say; every part optional. */
    public record ContactFilter(AccountStatus accountStatus, String locale, String q) {
    }

    // ---- planning: reads only ----

    @Transactional(readOnly = true)
    public BulkPlan planInvitations(BulkSource source, List<String> contactIds) {
        requireWithinLimit(contactIds.size(), "contactIds");
        Map<String, ContactState> states = byId(bulks.contactsById(new LinkedHashSet<>(contactIds)),
                ContactState::id);
        List<BulkItem> items = new ArrayList<>(contactIds.size());
        Set<String> seen = new java.util.HashSet<>();
        for (String contactId : contactIds) {
            int seq = items.size() + 1;
            ContactState state = states.get(contactId);
            if (!seen.add(contactId)) {
                items.add(BulkItem.skipped(seq, null, contactId, null, label(state, contactId),
                        SkipReason.DUPLICATE, "contactIds", null, false));
            } else if (state == null) {
                items.add(BulkItem.skipped(seq, null, null, null, ContactRows.label(contactId),
                        SkipReason.UNKNOWN_CONTACT, "contactIds", null, false));
            } else {
                items.add(inviteOrSkip(seq, null, state, false));
            }
        }
        return new BulkPlan(BulkAction.INVITE, source, items, List.of());
    }

    @Transactional(readOnly = true)
    public BulkPlan planInvitations(ContactFilter filter) {
        List<String> ids = bulks.contactIdsMatching(filter.accountStatus() == null ? null
                        : filter.accountStatus().name(), filter.locale(), filter.q(), properties.maxItems() + 1);
        requireWithinLimit(ids.size(), "filter");
        return planInvitations(BulkSource.FILTER, ids);
    }

    /**
     * A CSV file (header {@code email,firstName,lastName[,locale]} in any order): the contacts it names are created
     * unless they exist, and with {@code invite} all of them invited. A malformed file is refused whole
     * ({@link InvalidInputException} naming the body or the header); a bad row is skipped with its row and field.
     */
    @Transactional(readOnly = true)
    public BulkPlan planCsvImport(String csv, boolean invite) {
        return planImport(ContactRows.fromCsv(csv, properties.maxItems()), invite, BulkSource.CSV);
    }

    /**
     * Lines pasted into a form, each an address of an existing contact or {@code email,firstName,lastName[,locale]}
     * for a contact to create: all invited.
     */
    @Transactional(readOnly = true)
    public BulkPlan planPastedInvitations(String lines) {
        return planImport(ContactRows.fromPaste(lines, properties.maxItems()), true, BulkSource.PASTE);
    }

    /** An import: new contacts are created, existing ones recognised by address; with {@code invite} all are invited. */
    BulkPlan planImport(ContactRows.Parsed parsed, boolean invite, BulkSource source) {
        Set<String> keys = new LinkedHashSet<>();
        parsed.rows().forEach(row -> keys.add(ContactRules.emailKey(row.email())));
        Map<String, ContactState> existing = byId(bulks.contactsByEmailKey(keys),
                state -> ContactRules.emailKey(state.email()));
        record Line(int line, ContactRows.Row row, ContactRows.Problem problem) {
        }
        List<Line> lines = new ArrayList<>();
        parsed.rows().forEach(row -> lines.add(new Line(row.line(), row, null)));
        parsed.problems().forEach(problem -> lines.add(new Line(problem.line(), null, problem)));
        lines.sort(java.util.Comparator.comparingInt(Line::line));

        Instant now = clock.instant();
        Map<String, Integer> firstLine = new HashMap<>();
        List<BulkItem> items = new ArrayList<>(lines.size());
        List<Contact> created = new ArrayList<>();
        for (Line line : lines) {
            int seq = items.size() + 1;
            if (line.problem() != null) {
                ContactRows.Problem problem = line.problem();
                items.add(BulkItem.skipped(seq, problem.line(), null, null, problem.label(), SkipReason.INVALID_ROW,
                        problem.field(), "Row " + problem.line() + ": " + problem.field() + " " + problem.detail(),
                        false));
                continue;
            }
            ContactRows.Row row = line.row();
            String key = ContactRules.emailKey(row.email());
            Integer earlier = firstLine.putIfAbsent(key, row.line());
            if (earlier != null) {
                items.add(BulkItem.skipped(seq, row.line(), null, null, row.email(), SkipReason.DUPLICATE, "email",
                        "Row " + row.line() + ": the same address as row " + earlier, false));
                continue;
            }
            ContactState state = existing.get(key);
            if (state != null) {
                items.add(invite ? inviteOrSkip(seq, row.line(), state, false)
                        : BulkItem.skipped(seq, row.line(), state.id(), null, row.email(), SkipReason.CONTACT_EXISTS,
                        "email", null, false));
            } else if (row.addressOnly()) {
                items.add(BulkItem.skipped(seq, row.line(), null, null, row.email(), SkipReason.UNKNOWN_CONTACT,
                        "email", "No contact has this address: give first and last name to create one", false));
            } else {
                Contact contact = new Contact(UUID.randomUUID().toString(), row.email(), row.firstName(),
                        row.lastName(), row.locale(), AccountStatus.NONE, now, now);
                created.add(contact);
                items.add(invite ? BulkItem.queued(seq, row.line(), contact.id(), null, row.email(), true)
                        : BulkItem.done(seq, row.line(), contact.id(), row.email(), true));
            }
        }
        return new BulkPlan(invite ? BulkAction.INVITE : BulkAction.IMPORT, source, items, created);
    }

    /** Resend or cancel invitations named by id. */
    @Transactional(readOnly = true)
    public BulkPlan planInvitationAction(BulkAction action, BulkSource source, List<String> invitationIds) {
        requireWithinLimit(invitationIds.size(), source == BulkSource.STATUS ? "status" : "ids");
        Map<String, InvitationState> states = byId(bulks.invitationsById(new LinkedHashSet<>(invitationIds)),
                InvitationState::id);
        List<BulkItem> items = new ArrayList<>(invitationIds.size());
        Set<String> seen = new java.util.HashSet<>();
        for (String id : invitationIds) {
            int seq = items.size() + 1;
            InvitationState state = states.get(id);
            if (!seen.add(id)) {
                items.add(BulkItem.skipped(seq, null, state == null ? null : state.contactId(), id,
                        state == null ? ContactRows.label(id) : state.email(), SkipReason.DUPLICATE, "ids", null,
                        false));
            } else if (state == null) {
                items.add(BulkItem.skipped(seq, null, null, null, ContactRows.label(id), SkipReason.UNKNOWN_INVITATION,
                        "ids", null, false));
            } else {
                SkipReason reason = blocker(action, state);
                items.add(reason == null
                        ? BulkItem.queued(seq, null, state.contactId(), id, state.email(), false)
                        : BulkItem.skipped(seq, null, state.contactId(), id, state.email(), reason, "ids",
                        reason.description() + " (" + state.status().toLowerCase(java.util.Locale.ROOT) + ")",
                        false));
            }
        }
        return new BulkPlan(action, source, items, List.of());
    }

    /** Every invitation in a status: "resend all expired", "cancel all failed". */
    @Transactional(readOnly = true)
    public BulkPlan planInvitationAction(BulkAction action, InvitationStatus status) {
        boolean allowed = (action == BulkAction.RESEND ? InvitationPolicy.resend(status)
                : InvitationPolicy.cancel(status)).isEmpty();
        if (!allowed) {
            throw new InvalidInputException("status", "Invitations that are " + status.code() + " cannot be "
                    + (action == BulkAction.RESEND ? "resent" : "cancelled"));
        }
        List<String> ids = bulks.invitationIdsInStatus(status.name(), properties.maxItems() + 1);
        return planInvitationAction(action, BulkSource.STATUS, ids);
    }

    // ---- running ----

    /**
     * Records the plan (creating an import's contacts) and starts process {@code bulk-invitation} for its queued
     * items, all in one transaction: a refusal leaves nothing behind. An import without invitations ends here.
     */
    @Transactional
    public BulkRun start(BulkPlan plan, String actor) {
        BulkRun run = record(plan, actor);
        if (plan.action() != BulkAction.IMPORT) {
            ProcessInstance instance = runtime.createProcessInstanceByKey(BulkInvitationProcess.PROCESS_KEY)
                    .businessKey(run.id())
                    .setVariable(Vars.BULK_ID, run.id())
                    .setVariable(Vars.ACTION, plan.action().code())
                    .execute();
            bulks.recordProcessInstance(run.id(), instance.getId());
        }
        return get(run.id());
    }

    /** From Tasklist's start form: the run is recorded by the process's first task, in the start's transaction. */
    @Transactional
    public BulkRun record(BulkPlan plan, String actor) {
        if (plan.items().isEmpty()) {
            throw new InvalidInputException("contacts", "Nothing to do: the request names no contact or invitation");
        }
        Instant now = clock.instant();
        try {
            contacts.insertAll(plan.newContacts());
        } catch (DuplicateKeyException race) {
            throw new ConflictException("A contact with one of these addresses was created meanwhile: try again",
                    "email", Map.of());
        }
        boolean finished = plan.action() == BulkAction.IMPORT;
        BulkRun run = new BulkRun(UUID.randomUUID().toString(), plan.action(), plan.source(), plan.items().size(),
                plan.newContacts().size(), actor, now, finished ? now : null, null);
        bulks.insertRun(run);
        bulks.insertItems(run.id(), plan.items());
        log.info("Bulk {} recorded: {} {} items from {}, {} queued, {} contacts created, by {}", run.id(),
                plan.items().size(), plan.action().code(), plan.source().code(), plan.count(BulkOutcome.QUEUED),
                plan.newContacts().size(), actor);
        return run;
    }

    public void attachProcessInstance(String bulkId, String processInstanceId) {
        bulks.recordProcessInstance(bulkId, processInstanceId);
    }

    /** How a chunk went, and how many items still wait. */
    public record ChunkResult(int done, int skipped, int queued) {
    }

    /**
     * Carries out the next chunk of queued items, on behalf of the admin who asked for the run: each item is checked
     * again and then invited, resent or cancelled in that admin's name (passed explicitly: the job executor's thread
     * has nobody signed in). Runs in the job's transaction: a technical failure rolls the whole chunk back, and the job
     * is retried.
     */
    @Transactional
    public ChunkResult processNextChunk(String bulkId) {
        BulkRun run = get(bulkId);
        List<BulkItem> chunk = bulks.nextQueued(bulkId, properties.chunkSize());
        List<BulkItem> results = switch (run.action()) {
            case INVITE -> invite(run, chunk);
            case RESEND, CANCEL -> actOnInvitations(run, chunk);
            case IMPORT -> throw new IllegalStateException("An import has no chunks: " + bulkId);
        };
        bulks.updateItems(bulkId, results);
        int done = (int) results.stream().filter(item -> item.outcome() == BulkOutcome.DONE).count();
        return new ChunkResult(done, results.size() - done, bulks.countByOutcome(bulkId).get(BulkOutcome.QUEUED));
    }

    @Transactional
    public void finish(String bulkId) {
        bulks.finish(bulkId, clock.instant());
    }

    @Transactional(readOnly = true)
    public BulkRun get(String id) {
        return bulks.findRun(id).orElseThrow(() -> new ResourceNotFoundException("bulk", id));
    }

    @Transactional(readOnly = true)
    public Map<BulkOutcome, Integer> counts(String id) {
        return bulks.countByOutcome(id);
    }

    @Transactional(readOnly = true)
    public int failedDeliveries(String id) {
        return bulks.failedDeliveries(id);
    }

    @Transactional(readOnly = true)
    public List<BulkItem> items(String id, BulkOutcome outcome, int page, int size) {
        return bulks.items(id, outcome, page * size, size);
    }

    @Transactional(readOnly = true)
    public List<BulkRun> recent(int limit) {
        return bulks.recentRuns(limit);
    }

    private List<BulkItem> invite(BulkRun run, List<BulkItem> chunk) {
        Map<String, ContactState> states = byId(bulks.contactsById(chunk.stream().map(BulkItem::contactId).toList()),
                ContactState::id);
        List<BulkItem> results = new ArrayList<>(chunk.size());
        for (BulkItem item : chunk) {
            ContactState state = states.get(item.contactId());
            BulkItem checked = state == null
                    ? BulkItem.skipped(item.seq(), item.sourceRow(), null, null, item.label(),
                    SkipReason.UNKNOWN_CONTACT, null, null, item.contactCreated())
                    : inviteOrSkip(item.seq(), item.sourceRow(), state, item.contactCreated());
            if (checked.outcome() == BulkOutcome.QUEUED) {
                Invitation invitation = invitations.invite(item.contactId(), run.createdBy());
                results.add(new BulkItem(item.seq(), item.sourceRow(), item.contactId(), invitation.id(),
                        item.label(), BulkOutcome.DONE, null, null, null, item.contactCreated()));
            } else {
                results.add(checked);
            }
        }
        return results;
    }

    private List<BulkItem> actOnInvitations(BulkRun run, List<BulkItem> chunk) {
        Map<String, InvitationState> states = byId(bulks.invitationsById(
                chunk.stream().map(BulkItem::invitationId).toList()), InvitationState::id);
        List<BulkItem> results = new ArrayList<>(chunk.size());
        for (BulkItem item : chunk) {
            InvitationState state = states.get(item.invitationId());
            SkipReason reason = state == null ? SkipReason.UNKNOWN_INVITATION
                    : blocker(run.action(), state);
            if (reason != null) {
                results.add(BulkItem.skipped(item.seq(), item.sourceRow(), item.contactId(), item.invitationId(),
                        item.label(), reason, null, null, false));
                continue;
            }
            if (run.action() == BulkAction.RESEND) {
                invitations.resend(item.invitationId(), run.createdBy());
            } else {
                invitations.cancel(item.invitationId(), run.createdBy());
            }
            results.add(new BulkItem(item.seq(), item.sourceRow(), item.contactId(), item.invitationId(),
                    item.label(), BulkOutcome.DONE, null, null, null, false));
        }
        return results;
    }

    /** An invitation for the contact, unless {@link InvitationPolicy#invite} refuses it. */
    private static BulkItem inviteOrSkip(int seq, Integer sourceRow, ContactState state, boolean created) {
        Optional<Refusal> refusal = InvitationPolicy.invite(AccountStatus.valueOf(state.accountStatus()),
                state.openInvitationId() == null ? null : new OpenInvitation(state.openInvitationId(),
                        InvitationStatus.valueOf(state.openInvitationStatus())));
        if (refusal.isEmpty()) {
            return BulkItem.queued(seq, sourceRow, state.id(), null, state.email(), created);
        }
        SkipReason reason = SkipReason.of(refusal.get().reason());
        String detail = reason == SkipReason.ALREADY_PENDING ? "The contact has an open invitation already ("
                + state.openInvitationStatus().toLowerCase(java.util.Locale.ROOT) + ")" : refusal.get().sentence();
        return BulkItem.skipped(seq, sourceRow, state.id(), state.openInvitationId(), state.email(), reason, null,
                detail, created);
    }

    /** What {@link InvitationPolicy} says to resending or cancelling the invitation, as a skip reason (null: go). */
    private static SkipReason blocker(BulkAction action, InvitationState state) {
        InvitationStatus status = InvitationStatus.valueOf(state.status());
        Optional<Refusal> refusal = action == BulkAction.RESEND
                ? InvitationPolicy.resend(status, state.contactId(), AccountStatus.valueOf(state.accountStatus()),
                state.otherOpen() ? OpenInvitation.UNNAMED : null)
                : InvitationPolicy.cancel(status);
        return refusal.map(Refusal::reason).map(SkipReason::of).orElse(null);
    }

    private void requireWithinLimit(int size, String field) {
        if (size > properties.maxItems()) {
            throw new InvalidInputException(field, "At most " + properties.maxItems()
                    + " contacts or invitations per bulk request: split it up or narrow the filter");
        }
    }

    private static String label(ContactState state, String fallback) {
        return state != null ? state.email() : ContactRows.label(fallback);
    }

    private static <T> Map<String, T> byId(List<T> values, Function<T, String> key) {
        Map<String, T> map = new HashMap<>();
        values.forEach(value -> map.putIfAbsent(key.apply(value), value));
        return map;
    }
}
