package org.credentialcourier.password;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.PublicLinks;
import org.springframework.stereotype.Component;

/**
 * "Register password change": over REST the change exists already; from Tasklist's start form it is recorded here.
 * Either way the instance learns what the hand-over page needs. A refusal reaches the admin in Tasklist as a message.
 */
@Component
public class RegisterPasswordChangeDelegate implements JavaDelegate {

    private final PasswordChangeService changes;
    private final ContactRepository contacts;
    private final CurrentActor actor;
    private final CourierProperties properties;

    public RegisterPasswordChangeDelegate(PasswordChangeService changes, ContactRepository contacts,
                                          CurrentActor actor, CourierProperties properties) {
        this.changes = changes;
        this.contacts = contacts;
        this.actor = actor;
        this.properties = properties;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String changeId = (String) execution.getVariable(Vars.CHANGE_ID);
        if (changeId == null) {
            String email = (String) execution.getVariable(Vars.CONTACT_EMAIL);
            Contact contact = contacts.findByEmail(FormInput.email(Vars.CONTACT_EMAIL, email)).orElse(null);
            if (contact == null) {
                throw FormInput.refused(Vars.CONTACT_EMAIL, "No contact has the email address " + ContactRules.shown(email) + ".");
            }
            Delivery delivery;
            try {
                delivery = Delivery.of((String) execution.getVariable(Vars.DELIVERY));
            } catch (IllegalArgumentException e) {
                throw FormInput.refused(Vars.DELIVERY, "Choose how the new password reaches the contact: email or manual.");
            }
            String initiator = (String) execution.getVariable(Vars.INITIATOR);
            try {
                changeId = changes.register(contact, delivery, initiator != null ? initiator : actor.name()).id();
            } catch (ConflictException refused) {
                throw FormInput.refused(Vars.CONTACT_EMAIL, refused.getMessage() + " (" + contact.email() + ")");
            }
            execution.setVariable(Vars.CHANGE_ID, changeId);
            execution.setVariable(Vars.CONTACT_ID, contact.id());
            execution.setVariable(Vars.DELIVERY, delivery.code());
            execution.setProcessBusinessKey(changeId);
        }
        execution.setVariable(Vars.MAIL_TEMPLATE, PasswordChangeProcess.NEW_PASSWORD_TEMPLATE);
        execution.setVariable(Vars.SUBJECT_ID, changeId);
        execution.setVariable(Vars.HANDOVER_URL,
                properties.publicLink(PublicLinks.HAND_OVER_PREFIX + execution.getProcessInstanceId()));
    }
}
