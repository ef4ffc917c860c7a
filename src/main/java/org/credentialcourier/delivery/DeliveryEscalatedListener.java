package org.credentialcourier.delivery;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.ExecutionListener;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/** When "Resolve failed delivery" starts: the email's kind hears of it, and the admin's forms get their link. */
@Component
public class DeliveryEscalatedListener implements ExecutionListener {

    private final MailDispatcher dispatcher;
    private final CourierProperties properties;

    public DeliveryEscalatedListener(MailDispatcher dispatcher, CourierProperties properties) {
        this.dispatcher = dispatcher;
        this.properties = properties;
    }

    @Override
    public void notify(DelegateExecution execution) {
        execution.setVariable(Vars.HANDOVER_URL,
                properties.publicLink(PublicLinks.HAND_OVER_PREFIX + execution.getProcessInstanceId()));
        dispatcher.escalated((String) execution.getVariable(Vars.MAIL_TEMPLATE),
                (String) execution.getVariable(Vars.SUBJECT_ID),
                (String) execution.getVariable(Vars.LAST_DELIVERY_ERROR));
    }
}
