package org.credentialcourier.bulk;

import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.credentialcourier.bulk.BulkInvitationProcess.Selections;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailDomains;
import org.credentialcourier.system.web.InvalidInputException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Bulk operations over contacts and invitations, as REST, the console and Tasklist ask for them. A request is first
 * planned item by item ({@link BulkPlanning}, over the states read here): a dry run returns the plan, a real run is
 * recorded ({@link BulkRecorder}) and handed to process {@code bulk-invitation} ({@link BulkProcessClient}), whose
 * chunks {@link BulkChunks} carries out. Also answers what a run did.
 */
@Service
public class BulkService {

    private final BulkRepository bulks;
    private final BulkRecorder recorder;
    private final BulkProcessClient process;
    private final BulkProperties properties;
    private final Clock clock;
    private final PreSendChecks preSend;

    public BulkService(BulkRepository bulks, BulkRecorder recorder, BulkProcessClient process,
                       BulkProperties properties, Clock clock, PreSendChecks preSend) {
        this.preSend = preSend;
        this.bulks = bulks;
        this.recorder = recorder;
        this.process = process;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a filter over contacts may say; every part optional. */
    public record ContactFilter(AccountStatus accountStatus, String locale, String q) {
    }

    // ---- planning: reads only ----

    /** Invite contacts named by id: {@link #planForContacts(BulkAction, BulkSource, List)} with {@code invite}. */
    @Transactional(readOnly = true)
    public BulkPlan planInvitations(BulkSource source, List<String> contactIds) {
        return planForContacts(BulkAction.INVITE, source, contactIds);
    }

    /**
     * A bulk action on every contact a filter matches, oldest first: invite them, resend or cancel the latest
     * invitation of each, or send each active account a reset link. More than the limit is refused naming
     * {@code filter}.
     */
    @Transactional(readOnly = true)
    public BulkPlan planForContacts(BulkAction action, ContactFilter filter) {
        List<String> ids = bulks.contactIdsMatching(filter.accountStatus() == null ? null
                        : filter.accountStatus().name(), filter.locale(), filter.q(), properties.maxItems() + 1);
        return planForContacts(action, BulkSource.FILTER, ids);
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
        return checked(BulkPlanning.imports(parsed, invite, source, bulks.contactsByEmailKey(keys),
                clock.instant()));
    }

    /** What Tasklist's start form asks for: the pasted lines, or every contact that was never invited. */
    @Transactional(readOnly = true)
    public BulkPlan planStartForm(String selection, String addresses) {
        if (Selections.NOT_INVITED.equals(selection)) {
            return planForContacts(BulkAction.INVITE, new ContactFilter(AccountStatus.NONE, null, null));
        }
        if (Selections.PASTED.equals(selection)) {
            if (addresses != null && addresses.length() > BulkInvitationProcess.MAX_PASTED_LENGTH) {
                // the engine keeps a string variable in a column of 4,000 characters: refused here, before the start
                // writes it, with a sentence instead of a database error
                throw new InvalidInputException(Vars.ADDRESSES, String.format(java.util.Locale.ENGLISH,
                        "Paste at most %,d characters (%,d were pasted): for a longer list, import a CSV file in the "
                                + "console's Bulk page", BulkInvitationProcess.MAX_PASTED_LENGTH, addresses.length()));
            }
            return planPastedInvitations(addresses);
        }
        throw new InvalidInputException(Vars.SELECTION, "Choose whom to invite");
    }

    /** Resend or cancel invitations named by id. */
    @Transactional(readOnly = true)
    public BulkPlan planInvitationAction(BulkAction action, BulkSource source, List<String> invitationIds) {
        requireWithinLimit(invitationIds.size(), source == BulkSource.STATUS ? "status" : "ids");
        return checked(BulkPlanning.invitationAction(action, source, invitationIds,
                bulks.invitationsById(new LinkedHashSet<>(invitationIds))));
    }

    /**
     * The bulk actions on contacts named by id (over REST, ticked on the People page, or resolved from a filter):
     * invite them, resend or cancel the latest invitation of each, or send each active account a reset link. Bounded
     * like every request; a filter's excess names {@code filter}.
     */
    @Transactional(readOnly = true)
    public BulkPlan planForContacts(BulkAction action, BulkSource source, List<String> contactIds) {
        requireWithinLimit(contactIds.size(), source == BulkSource.FILTER ? "filter" : "contactIds");
        Set<String> unique = new LinkedHashSet<>(contactIds);
        return checked(switch (action) {
            case INVITE -> BulkPlanning.invitations(source, contactIds, bulks.contactsById(unique));
            case RESEND, CANCEL -> BulkPlanning.contactInvitationAction(action, source, contactIds,
                    bulks.contactsById(unique), bulks.latestInvitationsOf(unique));
            case RESET_LINK -> BulkPlanning.resetLinks(source, contactIds, bulks.contactsById(unique));
            case IMPORT -> throw new InvalidInputException("action", "must be invite, resend, cancel or reset-link");
        });
    }

    /** The plan after the pre-send checks of its emails; one request looks each domain up once. */
    private BulkPlan checked(BulkPlan plan) {
        Map<String, MailDomains.DomainCheck> domainsSeen = new HashMap<>();
        return BulkPlanning.checked(plan, email -> preSend.check(email, domainsSeen));
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

    // ---- starting: the one start path ----

    /** A run asked for over REST or on the console: {@link #start(BulkPlan, String, String)} with a new instance. */
    @Transactional
    public BulkRun start(BulkPlan plan, String actor) {
        return start(plan, actor, null);
    }

    /**
     * The one way a run starts, from REST, the console and Tasklist alike: records the plan (creating an import's
     * contacts) and ties it to the instance of process {@code bulk-invitation} that carries out its queued items:
     * {@code startedInstance} when Tasklist started one (its "Register bulk" is here), else a new one. All in one
     * transaction: a refusal leaves nothing behind. An import without invitations ends here, with no instance.
     */
    @Transactional
    public BulkRun start(BulkPlan plan, String actor, String startedInstance) {
        BulkRun run = recorder.record(plan, actor);
        String instance = startedInstance;
        if (instance == null && plan.action() != BulkAction.IMPORT) {
            instance = process.start(run.id(), plan.action());
        }
        if (instance != null) {
            recorder.attachProcessInstance(run.id(), instance);
        }
        return get(run.id());
    }

    // ---- what a run did ----

    @Transactional(readOnly = true)
    public BulkRun get(String id) {
        return bulks.findRun(id).orElseThrow(() -> new ResourceNotFoundException("bulk", id));
    }

    @Transactional(readOnly = true)
    public Map<BulkOutcome, Integer> counts(String id) {
        return bulks.countByOutcome(id);
    }

    @Transactional(readOnly = true)
    public Map<SkipReason, Long> skippedByReason(String id) {
        return bulks.skippedByReason(id);
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

    /** The Tasklist task in which the admin who asked reviews the finished run, while it waits. */
    public Optional<String> reviewTask(BulkRun run) {
        return run.processInstanceId() == null ? Optional.empty() : process.reviewTask(run.processInstanceId());
    }

    /** The most contacts or invitations one request may name ({@code courier.bulk.max-items}). */
    public int maxItems() {
        return properties.maxItems();
    }

    private void requireWithinLimit(int size, String field) {
        if (size > properties.maxItems()) {
            throw new InvalidInputException(field, "At most " + properties.maxItems()
                    + " contacts or invitations per bulk request: split it up or narrow the filter");
        }
    }
}
