package org.credentialcourier.password;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Abandon password change": the delivery was cancelled; the earlier password stays valid. */
@Component
public class AbandonPasswordChangeDelegate extends SubjectStep {

    private final PasswordChangeService changes;

    public AbandonPasswordChangeDelegate(PasswordChangeService changes, CurrentActor actor) {
        super(PasswordChangeProcess.Vars.CHANGE_ID, actor);
        this.changes = changes;
    }

    @Override
    protected void apply(String changeId, String actor) {
        changes.abandoned(changeId, actor);
    }
}
