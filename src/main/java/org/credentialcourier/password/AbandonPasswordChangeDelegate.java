package org.credentialcourier.password;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Abandon password change": the delivery was cancelled; the earlier password stays valid. */
@Component
public class AbandonPasswordChangeDelegate extends PasswordChangeStep {

    public AbandonPasswordChangeDelegate(PasswordChangeService changes, CurrentActor actor) {
        super(changes, actor);
    }

    @Override
    protected void apply(String changeId, String actor) {
        changes.abandoned(changeId, actor);
    }
}
