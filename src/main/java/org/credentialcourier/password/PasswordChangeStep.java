package org.credentialcourier.password;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.security.CurrentActor;

/** A service task of process {@code password-change} that ends the change one way or the other. */
abstract class PasswordChangeStep implements JavaDelegate {

    protected final PasswordChangeService changes;
    private final CurrentActor actor;

    protected PasswordChangeStep(PasswordChangeService changes, CurrentActor actor) {
        this.changes = changes;
        this.actor = actor;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        apply((String) execution.getVariable(Vars.CHANGE_ID), actor.name());
    }

    protected abstract void apply(String changeId, String actor);
}
