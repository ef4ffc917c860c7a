package org.credentialcourier.bulk;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.reset.PasswordResetService;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Carries out a run's queued items a chunk at a time, for "Process next chunk" of process {@code bulk-invitation}:
 * each item is checked again ({@link BulkEligibility}), since the world may have moved since the run was planned, and
 * then invited, resent or cancelled, or sent a reset link.
 */
@Component
public class BulkChunks {

    private final BulkRepository bulks;
    private final BulkService runs;
    private final InvitationService invitations;
    private final PasswordResetService resets;
    private final BulkProperties properties;

    public BulkChunks(BulkRepository bulks, BulkService runs, InvitationService invitations,
                      PasswordResetService resets, BulkProperties properties) {
        this.bulks = bulks;
        this.runs = runs;
        this.invitations = invitations;
        this.resets = resets;
        this.properties = properties;
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
        BulkRun run = runs.get(bulkId);
        List<BulkItem> chunk = bulks.nextQueued(bulkId, properties.chunkSize());
        List<BulkItem> results = switch (run.action()) {
            case INVITE -> invite(run, chunk);
            case RESEND, CANCEL -> actOnInvitations(run, chunk);
            case RESET_LINK -> sendResetLinks(run, chunk);
            case IMPORT -> throw new IllegalStateException("An import has no chunks: " + bulkId);
        };
        bulks.updateItems(bulkId, results);
        int done = (int) results.stream().filter(item -> item.outcome() == BulkOutcome.DONE).count();
        return new ChunkResult(done, results.size() - done, bulks.countByOutcome(bulkId).get(BulkOutcome.QUEUED));
    }

    private List<BulkItem> invite(BulkRun run, List<BulkItem> chunk) {
        return perContact(chunk, (item, state) -> BulkEligibility.inviteOrSkip(item.seq(), item.sourceRow(), state,
                item.contactCreated()), item -> invitations.invite(item.contactId(), run.createdBy()).id());
    }

    /** A reset link for each contact whose account is still active, sent in the name of the admin who asked. */
    private List<BulkItem> sendResetLinks(BulkRun run, List<BulkItem> chunk) {
        return perContact(chunk, (item, state) -> BulkPlanning.resetLinkOrSkip(item.seq(), state), item -> {
            resets.request(item.contactId(), run.createdBy(), true);
            return null;
        });
    }

    /**
     * Each item's contact read again and checked by {@code check} (one that is gone is skipped); the items that may
     * go ahead are carried out by {@code act}, which answers the invitation it made, if any.
     */
    private List<BulkItem> perContact(List<BulkItem> chunk, BiFunction<BulkItem, ContactState, BulkItem> check,
                                      Function<BulkItem, String> act) {
        Map<String, ContactState> states = BulkPlanning.byId(
                bulks.contactsById(chunk.stream().map(BulkItem::contactId).toList()), ContactState::id);
        List<BulkItem> results = new ArrayList<>(chunk.size());
        for (BulkItem item : chunk) {
            ContactState state = states.get(item.contactId());
            BulkItem checked = state == null
                    ? BulkItem.skipped(item.seq(), item.sourceRow(), null, null, item.label(),
                    SkipReason.UNKNOWN_CONTACT, null, null, item.contactCreated())
                    : check.apply(item, state);
            if (checked.outcome() == BulkOutcome.QUEUED) {
                String invitationId = act.apply(item);
                results.add(new BulkItem(item.seq(), item.sourceRow(), item.contactId(), invitationId,
                        item.label(), BulkOutcome.DONE, null, null, null, item.contactCreated()));
            } else {
                results.add(checked);
            }
        }
        return results;
    }

    private List<BulkItem> actOnInvitations(BulkRun run, List<BulkItem> chunk) {
        Map<String, InvitationState> states = BulkPlanning.byId(bulks.invitationsById(
                chunk.stream().map(BulkItem::invitationId).toList()), InvitationState::id);
        List<BulkItem> results = new ArrayList<>(chunk.size());
        for (BulkItem item : chunk) {
            InvitationState state = states.get(item.invitationId());
            SkipReason reason = state == null ? SkipReason.UNKNOWN_INVITATION
                    : BulkEligibility.blocker(run.action(), state);
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
}
