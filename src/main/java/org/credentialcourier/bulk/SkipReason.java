package org.credentialcourier.bulk;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.invitation.InvitationPolicy;

/** Why an item of a bulk run was left alone: a business fact, shown to the admin, never a failure of the run. */
public enum SkipReason {
    INVALID_ROW("The row is not valid", "invalid row"),
    DUPLICATE("The same contact or invitation appears earlier in the request", "named twice"),
    UNKNOWN_CONTACT("No such contact", "no such person"),
    UNKNOWN_INVITATION("No such invitation", "no such invitation"),
    ALREADY_PENDING("The contact has an open invitation already", "open invitation"),
    ALREADY_ACTIVE("The contact has an active account already", "already active"),
    CONTACT_EXISTS("A contact with this address exists already", "exists already"),
    NOT_RESENDABLE("The invitation cannot be resent in its state", "cannot be resent"),
    NOT_CANCELLABLE("The invitation is not open", "not open"),
    NEWER_INVITATION("The contact has a newer invitation", "newer invitation"),
    NO_INVITATION("The contact was never invited", "never invited"),
    NO_ACCOUNT("The contact has no active account: a reset link needs one", "no active account"),
    ACCOUNT_DISABLED("The contact's account is disabled", "account disabled"),
    INVALID_ADDRESS("The address is not well-formed", "invalid address"),
    SUPPRESSED("The address is on the suppression list", "suppressed"),
    NULL_MX("The address's domain accepts no mail (null MX)", "null MX"),
    NO_MAIL_DOMAIN("The address's domain receives no mail", "no mail domain");

    private final String description;
    private final String brief;

    SkipReason(String description, String brief) {
        this.description = description;
        this.brief = brief;
    }

    /** The skip reason for a refusal of {@link InvitationPolicy}. */
    public static SkipReason of(InvitationPolicy.Reason reason) {
        return switch (reason) {
            case OPEN_INVITATION -> ALREADY_PENDING;
            case ACCOUNT_ACTIVE -> ALREADY_ACTIVE;
            case NEWER_INVITATION -> NEWER_INVITATION;
            case NOT_RESENDABLE -> NOT_RESENDABLE;
            case NOT_CANCELLABLE -> NOT_CANCELLABLE;
            case ACCOUNT_DISABLED -> ACCOUNT_DISABLED;
        };
    }

    /** The skip reason for an error of the pre-send checks ({@code PreSendChecks}), by its code; null for none. */
    public static SkipReason ofPreSendCheck(String code) {
        return switch (code) {
            case PreSendChecks.INVALID_ADDRESS -> INVALID_ADDRESS;
            case PreSendChecks.SUPPRESSED -> SUPPRESSED;
            case PreSendChecks.NULL_MX -> NULL_MX;
            case PreSendChecks.NO_MAIL_DOMAIN -> NO_MAIL_DOMAIN;
            default -> null;
        };
    }

    public String description() {
        return description;
    }

    /** The reason in a few words, as a dry run's counts name it: "already active: 120". */
    public String brief() {
        return brief;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
