package org.credentialcourier.reset;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Expire reset link": the link was not used in time; it stops working. */
@Component
public class ExpireResetLinkDelegate extends ResetStep {

    public ExpireResetLinkDelegate(PasswordResetService resets, CurrentActor actor) {
        super(resets, actor);
    }

    @Override
    protected void apply(String resetId, String actor) {
        resets.expire(resetId, actor);
    }
}
