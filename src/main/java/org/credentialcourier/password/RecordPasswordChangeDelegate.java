package org.credentialcourier.password;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Record password change": the new password replaced the earlier one. */
@Component
public class RecordPasswordChangeDelegate extends SubjectStep {

    private final PasswordChangeService changes;

    public RecordPasswordChangeDelegate(PasswordChangeService changes, CurrentActor actor) {
        super(PasswordChangeProcess.Vars.CHANGE_ID, actor);
        this.changes = changes;
    }

    @Override
    protected void apply(String changeId, String actor) {
        changes.done(changeId, actor);
    }
}
