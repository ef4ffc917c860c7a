package org.credentialcourier.password;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Record password change": the new password replaced the earlier one. */
@Component
public class RecordPasswordChangeDelegate extends PasswordChangeStep {

    public RecordPasswordChangeDelegate(PasswordChangeService changes, CurrentActor actor) {
        super(changes, actor);
    }

    @Override
    protected void apply(String changeId, String actor) {
        changes.done(changeId, actor);
    }
}
