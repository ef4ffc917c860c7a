package org.credentialcourier.delivery;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.delivery.MailDeliveryProcess.DeliveryResult;
import org.credentialcourier.delivery.MailDeliveryProcess.Errors;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;

/**
 * "Send email": one attempt; a transient failure is error MailDeferred, a permanent one MailRejected. An email to a
 * disabled or deleted contact does not leave: the delivery ends as cancelled, which every caller's diagram handles.
 */
@Component
public class SendEmailDelegate implements JavaDelegate {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SendEmailDelegate.class);

    private final MailDispatcher dispatcher;

    public SendEmailDelegate(MailDispatcher dispatcher) {
        this.dispatcher = dispatcher;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String template = (String) execution.getVariable(Vars.MAIL_TEMPLATE);
        String subjectId = (String) execution.getVariable(Vars.SUBJECT_ID);
        if (dispatcher.recipientRefused(template, subjectId)) {
            log.info("Not sending {} email for {}: its contact is disabled or deleted; the delivery is cancelled",
                    template, subjectId);
            execution.setVariable(Vars.DELIVERY_RESULT, DeliveryResult.CANCELLED.code());
            return;
        }
        Integer previous = (Integer) execution.getVariable(Vars.ATTEMPT);
        int attempt = previous == null ? 1 : previous + 1;
        execution.setVariable(Vars.ATTEMPT, attempt);
        var outcome = dispatcher.attempt(execution.getProcessInstanceId(),
                (String) execution.getVariable(Vars.MAIL_TEMPLATE),
                (String) execution.getVariable(Vars.SUBJECT_ID), attempt, CurrentActor.SYSTEM);
        execution.setVariable(Vars.RECIPIENT_EMAIL, outcome.recipient());
        if (outcome.sent()) {
            execution.setVariable(Vars.DELIVERY_RESULT, DeliveryResult.DELIVERED.code());
            return;
        }
        String reason = outcome.failure().getMessage();
        execution.setVariable(Vars.LAST_DELIVERY_ERROR, reason);
        throw new BpmnError(outcome.failure().permanent() ? Errors.MAIL_REJECTED : Errors.MAIL_DEFERRED, reason);
    }
}
