package org.credentialcourier.delivery;

import org.camunda.bpm.engine.delegate.BpmnError;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.contact.ContactService.EmailChangeRefused;
import org.credentialcourier.delivery.MailDeliveryProcess.Errors;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;

/**
 * "Correct email address": the admin's corrected address becomes the contact's, off the suppression list; a bad one
 * goes back to the admin.
 */
@Component
public class CorrectEmailAddressDelegate implements JavaDelegate {

    private final MailDispatcher dispatcher;
    private final ContactService contacts;
    private final Suppressions suppressions;

    public CorrectEmailAddressDelegate(MailDispatcher dispatcher, ContactService contacts, Suppressions suppressions) {
        this.dispatcher = dispatcher;
        this.contacts = contacts;
        this.suppressions = suppressions;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String contactId = dispatcher.recipientContactId((String) execution.getVariable(Vars.MAIL_TEMPLATE),
                (String) execution.getVariable(Vars.SUBJECT_ID));
        String corrected = (String) execution.getVariable(Vars.CORRECTED_EMAIL);
        try {
            contacts.correctEmail(contactId, corrected);
            // the admin vouches for the new address: a suppression of it is lifted (the old address's stays)
            suppressions.lift(corrected, CurrentActor.SYSTEM, "address corrected in 'Resolve failed delivery'");
            execution.setVariable(Vars.RECIPIENT_EMAIL, corrected.trim());
        } catch (EmailChangeRefused refused) {
            execution.setVariable(Vars.LAST_DELIVERY_ERROR, refused.getMessage());
            throw new BpmnError(Errors.ADDRESS_INVALID, refused.getMessage());
        }
    }
}
