package org.credentialcourier.reset;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Expire reset link": the link was not used in time; it stops working. */
@Component
public class ExpireResetLinkDelegate extends SubjectStep {

    private final PasswordResetService resets;

    public ExpireResetLinkDelegate(PasswordResetService resets, CurrentActor actor) {
        super(PasswordResetProcess.Vars.RESET_ID, actor);
        this.resets = resets;
    }

    @Override
    protected void apply(String resetId, String actor) {
        resets.expire(resetId, actor);
    }
}
