package org.credentialcourier.bulk;

import org.credentialcourier.bulk.BulkRepository.ContactState;
import org.credentialcourier.bulk.BulkRepository.InvitationState;
import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationStatus;

/**
 * Who a bulk run may invite, and which invitations it may resend or cancel: asked when the run is planned and again
 * for each item of a chunk, since the world may have moved in between. One place for both (moved whole out of
 * {@code BulkService}), so that the rules change in one spot.
 */
final class BulkEligibility {

    private BulkEligibility() {
    }

    /** What keeps the run's action (resend or cancel) from this invitation, null if nothing does. */
    static SkipReason blocker(BulkAction action, InvitationState state) {
        return action == BulkAction.RESEND ? resendBlocker(state) : cancelBlocker(state);
    }

    /** An invitation for the contact, unless an open one or an active account is in the way. */
    static BulkItem inviteOrSkip(int seq, Integer sourceRow, ContactState state, boolean created) {
        if (state.openInvitationId() != null) {
            return BulkItem.skipped(seq, sourceRow, state.id(), state.openInvitationId(), state.email(),
                    SkipReason.ALREADY_PENDING, null, "The contact has an open invitation already ("
                            + state.openInvitationStatus().toLowerCase(java.util.Locale.ROOT) + ")", created);
        }
        if (AccountStatus.ACTIVE.name().equals(state.accountStatus())) {
            return BulkItem.skipped(seq, sourceRow, state.id(), null, state.email(), SkipReason.ALREADY_ACTIVE,
                    null, "The contact has an active account already: send a password reset instead", created);
        }
        return BulkItem.queued(seq, sourceRow, state.id(), null, state.email(), created);
    }

    private static SkipReason resendBlocker(InvitationState state) {
        InvitationStatus status = InvitationStatus.valueOf(state.status());
        if (status.open()) {
            return null;
        }
        if (status != InvitationStatus.EXPIRED) {
            return SkipReason.NOT_RESENDABLE;
        }
        if (state.otherOpen()) {
            return SkipReason.NEWER_INVITATION;
        }
        return AccountStatus.ACTIVE.name().equals(state.accountStatus()) ? SkipReason.ALREADY_ACTIVE : null;
    }

    private static SkipReason cancelBlocker(InvitationState state) {
        return InvitationStatus.valueOf(state.status()).open() ? null : SkipReason.NOT_CANCELLABLE;
    }
}
