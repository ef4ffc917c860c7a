package org.credentialcourier.system.process;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

/**
 * A service task that applies one change to the thing its process is about, named by one process variable, with the
 * reason another variable brings (a bounce's status code and diagnostic, for instance).
 */
public abstract class ReasonedStep implements JavaDelegate {

    private final String subjectVariable;
    private final String reasonVariable;

    protected ReasonedStep(String subjectVariable, String reasonVariable) {
        this.subjectVariable = subjectVariable;
        this.reasonVariable = reasonVariable;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        apply((String) execution.getVariable(subjectVariable), (String) execution.getVariable(reasonVariable));
    }

    protected abstract void apply(String subjectId, String reason);
}
