package org.credentialcourier.invitation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Optional;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.invitation.InvitationPolicy.OpenInvitation;
import org.credentialcourier.invitation.InvitationPolicy.Reason;
import org.credentialcourier.invitation.InvitationPolicy.Refusal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The rules for who may be invited, resent or cancelled, without Spring or the engine: each rule can fail here. */
class InvitationPolicyTest {

    private static final OpenInvitation OPEN = new OpenInvitation("inv-2", InvitationStatus.FAILED);

    @ParameterizedTest
    @EnumSource(value = AccountStatus.class, names = {"NONE", "INVITED"})
    void aContactWithoutAnAccountOrOpenInvitationMayBeInvited(AccountStatus account) {
        assertThat(InvitationPolicy.invite(account, null)).isEmpty();
    }

    @Test
    void anOpenInvitationIsNamedAndComesFirst() {
        Refusal refusal = InvitationPolicy.invite(AccountStatus.ACTIVE, OPEN).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(Reason.OPEN_INVITATION);
        assertThat(refusal.code()).isEqualTo("open-invitation");
        assertThat(refusal.sentence()).isEqualTo("The contact has an open invitation already: resend or cancel it");
        assertThat(refusal.field()).isEqualTo("contactId");
        assertThat(refusal.details()).isEqualTo(Map.of("invitationId", "inv-2", "status", "failed"));
    }

    @Test
    void anOpenInvitationThatIsNotNamedIsRefusedWithoutDetails() {
        Refusal refusal = InvitationPolicy.invite(AccountStatus.INVITED, OpenInvitation.UNNAMED).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(Reason.OPEN_INVITATION);
        assertThat(refusal.details()).isEmpty();
    }

    @Test
    void anActiveAccountNeedsAPasswordResetNotAnInvitation() {
        Refusal refusal = InvitationPolicy.invite(AccountStatus.ACTIVE, null).orElseThrow();
        assertThat(refusal.reason()).isEqualTo(Reason.ACCOUNT_ACTIVE);
        assertThat(refusal.sentence())
                .isEqualTo("The contact has an active account already: send a password reset instead");
        assertThat(refusal.details()).isEqualTo(Map.of("accountStatus", "active"));
    }

    @Test
    void aDisabledAccountIsNeitherInvitedNorResentNorStartedOverButItsOpenInvitationMayBeCancelled() {
        for (Optional<Refusal> refused : java.util.List.of(InvitationPolicy.invite(AccountStatus.DISABLED, null),
                InvitationPolicy.invite(AccountStatus.DISABLED, OPEN),
                InvitationPolicy.resend(InvitationStatus.PENDING, "c-1", AccountStatus.DISABLED, null),
                InvitationPolicy.resend(InvitationStatus.EXPIRED, "c-1", AccountStatus.DISABLED, null),
                InvitationPolicy.startOver("c-1", AccountStatus.DISABLED, null),
                InvitationPolicy.accountDisabled(AccountStatus.DISABLED))) {
            Refusal refusal = refused.orElseThrow();
            assertThat(refusal.reason()).isEqualTo(Reason.ACCOUNT_DISABLED);
            assertThat(refusal.code()).isEqualTo("account-disabled");
            assertThat(refusal.sentence()).isEqualTo("The contact's account is disabled: enable it first");
            assertThat(refusal.details()).isEqualTo(Map.of("accountStatus", "disabled"));
        }
        assertThat(InvitationPolicy.cancel(InvitationStatus.PENDING)).isEmpty();
        for (AccountStatus other : java.util.EnumSet.complementOf(java.util.EnumSet.of(AccountStatus.DISABLED))) {
            assertThat(InvitationPolicy.accountDisabled(other)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = InvitationStatus.class, names = {"PENDING", "FAILED"})
    void anOpenInvitationIsResentByItsProcessAndMayBeCancelled(InvitationStatus status) {
        assertThat(InvitationPolicy.resend(status)).isEmpty();
        assertThat(InvitationPolicy.startsOver(status)).isFalse();
        assertThat(InvitationPolicy.resend(status, "c-1", AccountStatus.ACTIVE, OPEN)).as("no start over").isEmpty();
        assertThat(InvitationPolicy.cancel(status)).isEmpty();
    }

    @Test
    void anExpiredInvitationStartsOverUnlessANewerOneIsOpenOrTheAccountIsActive() {
        assertThat(InvitationPolicy.resend(InvitationStatus.EXPIRED)).isEmpty();
        assertThat(InvitationPolicy.startsOver(InvitationStatus.EXPIRED)).isTrue();
        assertThat(InvitationPolicy.resend(InvitationStatus.EXPIRED, "c-1", AccountStatus.NONE, null)).isEmpty();

        Refusal newer = InvitationPolicy.resend(InvitationStatus.EXPIRED, "c-1", AccountStatus.NONE, OPEN)
                .orElseThrow();
        assertThat(newer.reason()).isEqualTo(Reason.NEWER_INVITATION);
        assertThat(newer.sentence()).isEqualTo("The contact has a newer open invitation");
        assertThat(newer.brief()).isEqualTo("a newer invitation is open");
        assertThat(newer.field()).isEqualTo("id");
        assertThat(newer.details()).containsEntry("invitationId", "inv-2");

        Refusal active = InvitationPolicy.startOver("c-1", AccountStatus.ACTIVE, null).orElseThrow();
        assertThat(active.reason()).isEqualTo(Reason.ACCOUNT_ACTIVE);
        assertThat(active.sentence()).isEqualTo("The contact's account is already active");
        assertThat(active.brief()).isEqualTo("the contact's account is active");
        assertThat(active.details()).isEqualTo(Map.of("contactId", "c-1", "accountStatus", "active"));
    }

    @Test
    void anAcceptedOrCancelledInvitationIsNeverResent() {
        Refusal accepted = InvitationPolicy.resend(InvitationStatus.ACTIVE).orElseThrow();
        assertThat(accepted.reason()).isEqualTo(Reason.NOT_RESENDABLE);
        assertThat(accepted.code()).isEqualTo("not-resendable");
        assertThat(accepted.sentence()).isEqualTo("An invitation that is active cannot be resent");
        assertThat(accepted.brief()).isEqualTo("already active");
        assertThat(accepted.field()).isEqualTo("status");
        assertThat(accepted.details()).isEqualTo(Map.of("status", "active"));

        Refusal cancelled = InvitationPolicy.resend(InvitationStatus.CANCELLED, "c-1", AccountStatus.NONE, null)
                .orElseThrow();
        assertThat(cancelled.sentence()).isEqualTo("An invitation that is cancelled cannot be resent");
        assertThat(cancelled.brief()).isEqualTo("cancelled");
    }

    @Test
    void onlyAnOpenInvitationIsCancelled() {
        assertThat(InvitationPolicy.cancel(InvitationStatus.ACTIVE).map(Refusal::brief)).contains("already active");
        assertThat(InvitationPolicy.cancel(InvitationStatus.CANCELLED).map(Refusal::brief))
                .contains("already cancelled");
        Refusal expired = InvitationPolicy.cancel(InvitationStatus.EXPIRED).orElseThrow();
        assertThat(expired.reason()).isEqualTo(Reason.NOT_CANCELLABLE);
        assertThat(expired.sentence()).isEqualTo("An invitation that is expired cannot be cancelled");
        assertThat(expired.brief()).isEqualTo("expired");
    }

    @Test
    void theRefusalTravelsAsA409CarryingItsCode() {
        Optional<Refusal> refusal = InvitationPolicy.cancel(InvitationStatus.ACTIVE);
        InvitationRefusedException conflict = refusal.orElseThrow().exception();
        assertThat(conflict.getMessage()).isEqualTo("An invitation that is active cannot be cancelled");
        assertThat(conflict.field()).isEqualTo("status");
        assertThat(conflict.properties()).isEqualTo(Map.of("status", "active", "code", "not-cancellable"));
        assertThat(conflict.refusal()).isSameAs(refusal.get());
    }
}
