package org.credentialcourier.bulk;

import java.util.Optional;

import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationPolicy.OpenInvitation;
import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.credentialcourier.invitation.InvitationStatus;

/**
 * Who a bulk run may invite, and which invitations it may resend or cancel: asked when the run is planned and again
 * for each item of a chunk, since the world may have moved in between. The rules are {@link InvitationPolicy}'s, the
 * same that REST, the console and Tasklist ask; here they become the run's skip reasons.
 */
final class BulkEligibility {

    private BulkEligibility() {
    }

    /** What {@link InvitationPolicy} says to resending or cancelling the invitation, as a skip reason (null: go). */
    static SkipReason blocker(BulkAction action, InvitationState state) {
        InvitationStatus status = InvitationStatus.valueOf(state.status());
        Optional<Refusal> refusal = action == BulkAction.RESEND
                ? InvitationPolicy.resend(status, state.contactId(), AccountStatus.valueOf(state.accountStatus()),
                state.otherOpen() ? OpenInvitation.UNNAMED : null)
                : InvitationPolicy.cancel(status);
        return refusal.map(Refusal::reason).map(SkipReason::of).orElse(null);
    }

    /** An invitation for the contact, unless {@link InvitationPolicy#invite} refuses it. */
    static BulkItem inviteOrSkip(int seq, Integer sourceRow, ContactState state, boolean created) {
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
}
