package org.credentialcourier.reset;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Close reset request": an admin cancelled the delivery; the link stops working. */
@Component
public class CloseResetRequestDelegate extends ResetStep {

    public CloseResetRequestDelegate(PasswordResetService resets, CurrentActor actor) {
        super(resets, actor);
    }

    @Override
    protected void apply(String resetId, String actor) {
        resets.close(resetId, actor);
    }
}
