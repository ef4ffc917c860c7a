package org.credentialcourier.reset;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.stereotype.Component;

/**
 * "Register reset request": over REST and from the forgot-password page the request exists already; from Tasklist's
 * start form "Send a password reset link" it is recorded here, as sent by an admin.
 */
@Component
public class RegisterResetRequestDelegate implements JavaDelegate {

    private final PasswordResetService resets;
    private final ContactRepository contacts;
    private final CurrentActor actor;

    public RegisterResetRequestDelegate(PasswordResetService resets, ContactRepository contacts, CurrentActor actor) {
        this.resets = resets;
        this.contacts = contacts;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        if (execution.getVariable(Vars.RESET_ID) != null) {
            resets.get((String) execution.getVariable(Vars.RESET_ID));
            return;
        }
        String email = (String) execution.getVariable(Vars.CONTACT_EMAIL);
        Contact contact = contacts.findByEmail(FormInput.email(Vars.CONTACT_EMAIL, email)).orElse(null);
        if (contact == null) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, "No contact has the email address " + ContactRules.shown(email) + ".");
        }
        String initiator = (String) execution.getVariable(Vars.INITIATOR);
        PasswordReset reset;
        try {
            reset = resets.register(contact, initiator != null ? initiator : actor.name(), true);
        } catch (ConflictException refused) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, refused.getMessage() + " (" + contact.email() + ")");
        }
        execution.setVariable(Vars.RESET_ID, reset.id());
        execution.setVariable(Vars.CONTACT_ID, contact.id());
        execution.setProcessBusinessKey(reset.id());
    }
}
