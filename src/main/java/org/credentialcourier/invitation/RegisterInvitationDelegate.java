package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.Contact;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.springframework.stereotype.Component;

/**
 * "Register invitation": over REST the invitation exists already; from Tasklist's start form it is recorded here for
 * the contact with the given email. Runs in the transaction of the start, so a refusal reaches the admin in Tasklist
 * as a message and nothing is started.
 */
@Component
public class RegisterInvitationDelegate implements JavaDelegate {

    private final InvitationService invitations;
    private final ContactRepository contacts;
    private final CurrentActor actor;

    public RegisterInvitationDelegate(InvitationService invitations, ContactRepository contacts, CurrentActor actor) {
        this.invitations = invitations;
        this.contacts = contacts;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String invitationId = (String) execution.getVariable(Vars.INVITATION_ID);
        if (invitationId != null) {
            invitations.get(invitationId);
            return;
        }
        String email = (String) execution.getVariable(Vars.CONTACT_EMAIL);
        Contact contact = contacts.findByEmail(FormInput.email(Vars.CONTACT_EMAIL, email)).orElse(null);
        if (contact == null) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, "No contact has the email address " + ContactRules.shown(email)
                    + ". Create the contact first.");
        }
        String initiator = (String) execution.getVariable(Vars.INITIATOR);
        Invitation invitation;
        try {
            invitation = invitations.register(contact, initiator != null ? initiator : actor.name());
        } catch (ConflictException refused) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, refused.getMessage() + " (" + contact.email() + ")");
        }
        execution.setVariable(Vars.INVITATION_ID, invitation.id());
        execution.setVariable(Vars.CONTACT_ID, contact.id());
        execution.setProcessBusinessKey(invitation.id());
    }
}
