package org.credentialcourier.delivery;

import org.camunda.bpm.engine.delegate.DelegateTask;
import org.camunda.bpm.engine.delegate.TaskListener;
import org.credentialcourier.delivery.MailDeliveryProcess.Resolution;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;

/** When an admin completes "Resolve failed delivery": the choice is checked and recorded with who made it. */
@Component
public class DeliveryResolvedListener implements TaskListener {

    private final MailDispatcher dispatcher;
    private final CurrentActor actor;

    public DeliveryResolvedListener(MailDispatcher dispatcher, CurrentActor actor) {
        this.dispatcher = dispatcher;
        this.actor = actor;
    }

    @Override
    public void notify(DelegateTask task) {
        Object chosen = task.getVariable(Vars.RESOLUTION);
        Resolution resolution;
        try {
            resolution = Resolution.of(chosen instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw new org.camunda.bpm.engine.ProcessEngineException(
                    "Choose how to resolve the failed delivery: retry, correct-address, manual or cancel");
        }
        String who = task.getAssignee() != null ? task.getAssignee() : actor.name();
        dispatcher.resolved((String) task.getVariable(Vars.MAIL_TEMPLATE), (String) task.getVariable(Vars.SUBJECT_ID),
                resolution, who);
    }
}
