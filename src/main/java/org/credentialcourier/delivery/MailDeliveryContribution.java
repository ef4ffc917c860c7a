package org.credentialcourier.delivery;

import java.util.List;

import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Component;

/**
 * Process {@code mail-delivery} in the engine's setup: its two admin tasks, shown in Tasklist with where the email
 * went and what went wrong, so that an admin sees both without opening the task.
 */
@Component
class MailDeliveryContribution implements ProcessContribution {

    @Override
    public String processKey() {
        return MailDeliveryProcess.PROCESS_KEY;
    }

    @Override
    public List<String> failedDeliveryTasks() {
        return List.of(Elements.RESOLVE_FAILED_DELIVERY);
    }

    @Override
    public List<String> handOverTasks() {
        return List.of(Elements.HAND_OVER_MANUALLY);
    }

    @Override
    public List<ShownVariable> shownVariables() {
        return List.of(new ShownVariable(Vars.RECIPIENT_EMAIL, "Recipient"),
                new ShownVariable(Vars.LAST_DELIVERY_ERROR, "Last error"));
    }
}
