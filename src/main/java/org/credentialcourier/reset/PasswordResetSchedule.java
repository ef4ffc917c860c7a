package org.credentialcourier.reset;

import java.util.Date;

import org.springframework.stereotype.Component;

/** The expiry timer of process {@code password-reset}: {@code ${passwordResetSchedule.expiresAt(resetId)}}. */
@Component("passwordResetSchedule")
public class PasswordResetSchedule {

    private final PasswordResetService resets;

    public PasswordResetSchedule(PasswordResetService resets) {
        this.resets = resets;
    }

    public Date expiresAt(String resetId) {
        return Date.from(resets.get(resetId).expiresAt());
    }
}
