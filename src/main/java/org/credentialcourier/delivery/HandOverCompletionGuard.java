package org.credentialcourier.delivery;

import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.springframework.stereotype.Component;

/**
 * "Hand over manually" ends only through the hand-over page, which reveals the message once and records it; completing
 * the task in Tasklist without it would leave the contact without a working link.
 */
@Component
public class HandOverCompletionGuard implements TaskListener {

    @Override
    public void notify(DelegateTask task) {
        if (task.getVariable(Vars.HANDED_OVER_BY) == null) {
            throw new ProcessEngineException("Nothing was handed over yet: open the hand-over page "
                    + task.getVariable(Vars.HANDOVER_URL) + " to reveal the message; it completes this task.");
        }
    }
}
