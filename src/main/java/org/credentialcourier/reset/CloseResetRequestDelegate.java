package org.credentialcourier.reset;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Close reset request": an admin cancelled the delivery; the link stops working. */
@Component
public class CloseResetRequestDelegate extends SubjectStep {

    private final PasswordResetService resets;

    public CloseResetRequestDelegate(PasswordResetService resets, CurrentActor actor) {
        super(PasswordResetProcess.Vars.RESET_ID, actor);
        this.resets = resets;
    }

    @Override
    protected void apply(String resetId, String actor) {
        resets.close(resetId, actor);
    }
}
