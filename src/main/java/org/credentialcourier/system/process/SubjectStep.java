package org.credentialcourier.system.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.system.CurrentActor;

/**
 * A service task that applies one change to the thing its process is about (an invitation, a password change, a
 * reset request), named by one process variable, on behalf of whoever is acting.
 */
public abstract class SubjectStep implements JavaDelegate {

    private final String subjectVariable;
    private final CurrentActor actor;

    protected SubjectStep(String subjectVariable, CurrentActor actor) {
        this.subjectVariable = subjectVariable;
        this.actor = actor;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        apply((String) execution.getVariable(subjectVariable), actor.name());
    }

    protected abstract void apply(String subjectId, String actor);
}
