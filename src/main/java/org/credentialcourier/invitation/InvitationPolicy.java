package org.credentialcourier.invitation;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import org.credentialcourier.contact.AccountStatus;

/**
 * Who may be invited, and which invitation may be resent or cancelled: the rules, once, for the REST API, the
 * console, bulk runs, the mail log's retry and Tasklist's start form alike. Pure: the caller brings the facts (read in
 * its own transaction, under its own lock), the policy answers with nothing (allowed) or a {@link Refusal} that has a
 * stable code, a sentence for people, and what the REST API's 409 names.
 */
public final class InvitationPolicy {

    private InvitationPolicy() {
    }

    /** Why not, as a stable code ({@link #code()}: {@code open-invitation}, ...). */
    public enum Reason {
        /** Invite: the contact has an open invitation: resend or cancel that one. */
        OPEN_INVITATION,
        /** Invite, or start an expired one over: the contact can sign in already and needs a password reset. */
        ACCOUNT_ACTIVE,
        /** Start an expired invitation over: the contact has a newer open one. */
        NEWER_INVITATION,
        /** Resend an accepted or cancelled invitation. */
        NOT_RESENDABLE,
        /** Cancel an invitation that is not open. */
        NOT_CANCELLABLE,
        /** Invite, resend or start over: an admin disabled the contact's account; enable it first. */
        ACCOUNT_DISABLED;

        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /**
     * A refusal: the reason, the sentence for people, a short phrase for a list of skipped items ("already active"),
     * and what the REST API's 409 names: the field in the way and the facts behind it.
     */
    public record Refusal(Reason reason, String sentence, String brief, String field, Map<String, Object> details) {

        public Refusal {
            details = Map.copyOf(details);
        }

        public String code() {
            return reason.code();
        }

        /** The 409 for the REST API and the pages, carrying this refusal. */
        public InvitationRefusedException exception() {
            return new InvitationRefusedException(this);
        }
    }

    /**
     * The contact's open invitation as the rules and a refusal name it; {@link #UNNAMED} when the caller knows only
     * that there is one (a concurrent request opened it, or a count said so).
     */
    public record OpenInvitation(String id, InvitationStatus status) {

        public static final OpenInvitation UNNAMED = new OpenInvitation(null, null);

        public static OpenInvitation of(Invitation invitation) {
            return new OpenInvitation(invitation.id(), invitation.status());
        }

        Map<String, Object> details() {
            Map<String, Object> details = new LinkedHashMap<>();
            if (id != null) {
                details.put("invitationId", id);
            }
            if (status != null) {
                details.put("status", status.code());
            }
            return details;
        }
    }

    /**
     * A new invitation for the contact: not while it has an open one (nullable {@code open}), nor when it has an
     * active account already: such a person needs a password reset, not an invitation.
     */
    public static Optional<Refusal> invite(AccountStatus account, OpenInvitation open) {
        if (account == AccountStatus.DISABLED) {
            return accountDisabled(account);
        }
        if (open != null) {
            return Optional.of(new Refusal(Reason.OPEN_INVITATION,
                    "The contact has an open invitation already: resend or cancel it", "an open invitation",
                    "contactId", open.details()));
        }
        if (account == AccountStatus.ACTIVE) {
            return Optional.of(new Refusal(Reason.ACCOUNT_ACTIVE,
                    "The contact has an active account already: send a password reset instead",
                    "the contact's account is active", "contactId", Map.of("accountStatus", account.code())));
        }
        return Optional.empty();
    }

    /**
     * Resend, as far as the invitation's own status decides: an open one is renewed by its running process, an
     * expired one starts over ({@link #startsOver}) if {@link #startOver} allows it, an accepted or cancelled one
     * never.
     */
    public static Optional<Refusal> resend(InvitationStatus status) {
        if (status.open() || startsOver(status)) {
            return Optional.empty();
        }
        return Optional.of(notAllowed(Reason.NOT_RESENDABLE, status, "resent",
                status == InvitationStatus.ACTIVE ? "already active" : status.code()));
    }

    /** An expired invitation is resent by starting it over with a new process instance; an open one is renewed. */
    public static boolean startsOver(InvitationStatus status) {
        return status == InvitationStatus.EXPIRED;
    }

    /**
     * An expired invitation starting over: not while the contact has a newer open one (nullable {@code otherOpen}),
     * nor once it accepted a newer one meanwhile (a resend would invite a member who can already sign in).
     */
    public static Optional<Refusal> startOver(String contactId, AccountStatus account, OpenInvitation otherOpen) {
        if (account == AccountStatus.DISABLED) {
            return accountDisabled(account);
        }
        if (otherOpen != null) {
            return Optional.of(new Refusal(Reason.NEWER_INVITATION, "The contact has a newer open invitation",
                    "a newer invitation is open", "id", otherOpen.details()));
        }
        if (account == AccountStatus.ACTIVE) {
            return Optional.of(new Refusal(Reason.ACCOUNT_ACTIVE, "The contact's account is already active",
                    "the contact's account is active", "id",
                    Map.of("contactId", contactId, "accountStatus", account.code())));
        }
        return Optional.empty();
    }

    /** {@link #resend(InvitationStatus)} and {@link #startOver}, for a caller that has all the facts at hand. */
    public static Optional<Refusal> resend(InvitationStatus status, String contactId, AccountStatus account,
                                           OpenInvitation otherOpen) {
        return resend(status).or(() -> accountDisabled(account)).or(() -> startsOver(status) ? startOver(contactId, account, otherOpen)
                : Optional.empty());
    }

    /**
     * Nothing starts for a disabled account (no invitation, no resend, no email): the admin enables it first. Empty
     * for any other status; cancelling an open invitation of a disabled account stays allowed.
     */
    public static Optional<Refusal> accountDisabled(AccountStatus account) {
        if (account != AccountStatus.DISABLED) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(Reason.ACCOUNT_DISABLED,
                "The contact's account is disabled: enable it first", "the contact's account is disabled",
                "contactId", Map.of("accountStatus", account.code())));
    }

    /** Cancel: only an open invitation (pending or failed), whose process then revokes its credentials. */
    public static Optional<Refusal> cancel(InvitationStatus status) {
        if (status.open()) {
            return Optional.empty();
        }
        return Optional.of(notAllowed(Reason.NOT_CANCELLABLE, status, "cancelled",
                status == InvitationStatus.ACTIVE ? "already active"
                        : status == InvitationStatus.CANCELLED ? "already cancelled" : status.code()));
    }

    private static Refusal notAllowed(Reason reason, InvitationStatus status, String action, String brief) {
        return new Refusal(reason, "An invitation that is " + status.code() + " cannot be " + action, brief, "status",
                Map.of("status", status.code()));
    }
}
