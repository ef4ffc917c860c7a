package org.credentialcourier.reset;

import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.credentialcourier.system.process.ReasonedStep;
import org.springframework.stereotype.Component;

/** "End bounced reset link": the reset email bounced for good; the request's links end. */
@Component
public class EndBouncedResetLinkDelegate extends ReasonedStep {

    private final PasswordResetService resets;

    public EndBouncedResetLinkDelegate(PasswordResetService resets) {
        super(Vars.RESET_ID, Vars.BOUNCE_REASON);
        this.resets = resets;
    }

    @Override
    protected void apply(String resetId, String reason) {
        resets.bounced(resetId, reason);
    }
}
