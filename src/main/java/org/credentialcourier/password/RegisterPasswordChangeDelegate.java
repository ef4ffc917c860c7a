package org.credentialcourier.password;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactStartForm;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * "Register password change": every change starts here, in the transaction of its start, and the instance learns what
 * the hand-over page needs. Started by {@link PasswordChangeProcessClient} (REST, console) the instance names the
 * contact; from Tasklist's start form an admin typed the address, and a refusal is shown on the form.
 */
@Component
public class RegisterPasswordChangeDelegate implements JavaDelegate {

    private final PasswordChangeService changes;
    private final ContactStartForm startForm;
    private final CourierProperties properties;

    public RegisterPasswordChangeDelegate(PasswordChangeService changes, ContactStartForm startForm,
                                          CourierProperties properties) {
        this.changes = changes;
        this.startForm = startForm;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String contactId = (String) execution.getVariable(Vars.CONTACT_ID);
        PasswordChange change = contactId != null
                ? changes.register(contactId, delivery(execution), (String) execution.getVariable(Vars.REQUESTED_BY))
                : startForm.register(execution, Vars.CONTACT_EMAIL, Vars.INITIATOR,
                        (id, admin) -> changes.register(id, delivery(execution), admin));
        execution.setVariable(Vars.CHANGE_ID, change.id());
        execution.setVariable(Vars.CONTACT_ID, change.contactId());
        execution.setVariable(Vars.DELIVERY, change.delivery().code());
        execution.setProcessBusinessKey(change.id());
        execution.setVariable(Vars.MAIL_TEMPLATE, PasswordChangeProcess.NEW_PASSWORD_TEMPLATE);
        execution.setVariable(Vars.SUBJECT_ID, change.id());
        execution.setVariable(Vars.HANDOVER_URL,
                properties.publicLink(PublicLinks.HAND_OVER_PREFIX + execution.getProcessInstanceId()));
    }

    private static Delivery delivery(DelegateExecution execution) {
        try {
            return Delivery.of((String) execution.getVariable(Vars.DELIVERY));
        } catch (IllegalArgumentException e) {
            throw FormInput.refused(Vars.DELIVERY, "Choose how the new password reaches the contact: email or manual.");
        }
    }
}
