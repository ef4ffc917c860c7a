package org.credentialcourier.reset;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.credentialcourier.security.CurrentActor;

/** A service task of process {@code password-reset} that ends the request one way or the other. */
abstract class ResetStep implements JavaDelegate {

    protected final PasswordResetService resets;
    private final CurrentActor actor;

    protected ResetStep(PasswordResetService resets, CurrentActor actor) {
        this.resets = resets;
        this.actor = actor;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        apply((String) execution.getVariable(Vars.RESET_ID), actor.name());
    }

    protected abstract void apply(String resetId, String actor);
}
