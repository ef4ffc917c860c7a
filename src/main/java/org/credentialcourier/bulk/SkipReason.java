package org.credentialcourier.bulk;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonValue;
import org.credentialcourier.invitation.InvitationPolicy;

/** Why an item of a bulk run was left alone: a business fact, shown to the admin, never a failure of the run. */
public enum SkipReason {
    INVALID_ROW("The row is not valid"),
    DUPLICATE("The same contact or invitation appears earlier in the request"),
    UNKNOWN_CONTACT("No such contact"),
    UNKNOWN_INVITATION("No such invitation"),
    ALREADY_PENDING("The contact has an open invitation already"),
    ALREADY_ACTIVE("The contact has an active account already"),
    CONTACT_EXISTS("A contact with this address exists already"),
    NOT_RESENDABLE("The invitation cannot be resent in its state"),
    NOT_CANCELLABLE("The invitation is not open"),
    NEWER_INVITATION("The contact has a newer invitation"),
    ACCOUNT_DISABLED("The contact's account is disabled");

    private final String description;

    SkipReason(String description) {
        this.description = description;
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

    public String description() {
        return description;
    }

    @JsonValue
    public String code() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
