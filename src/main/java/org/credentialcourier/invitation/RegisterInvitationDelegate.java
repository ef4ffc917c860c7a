package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactRules;
import org.credentialcourier.contact.ContactStart;
import org.credentialcourier.delivery.PreSendChecks;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Component;

/**
 * "Register invitation": started by {@link InvitationService#invite}, the invitation is recorded already; from
 * Tasklist's start form, {@link InvitationService#registerForEmail} records it now under the same rules. This task
 * only reads the form and turns a refusal into the form's message. Runs in the transaction of the start, so a refusal
 * reaches the admin in Tasklist and nothing is started.
 */
@Component
public class RegisterInvitationDelegate implements JavaDelegate {

    private final InvitationService invitations;
    private final ContactStart start;
    private final CurrentActor actor;
    private final PreSendChecks preSend;

    public RegisterInvitationDelegate(InvitationService invitations, ContactStart start, CurrentActor actor,
                                      PreSendChecks preSend) {
        this.invitations = invitations;
        this.preSend = preSend;
        this.start = start;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String invitationId = (String) execution.getVariable(Vars.INVITATION_ID);
        if (invitationId != null) {
            invitations.get(invitationId);
            return;
        }
        String typed = (String) execution.getVariable(Vars.CONTACT_EMAIL);
        String email = FormInput.email(Vars.CONTACT_EMAIL, typed);
        refuseUnlessSendable(email, Boolean.TRUE.equals(execution.getVariable(Vars.ACCEPT_WARNINGS)));
        String initiator = (String) execution.getVariable(Vars.INITIATOR);
        Invitation invitation;
        try {
            invitation = invitations.registerForEmail(email, initiator != null ? initiator : actor.name());
        } catch (ResourceNotFoundException unknown) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, "No contact has the email address " + ContactRules.shown(typed)
                    + ". Create the contact first.");
        } catch (ConflictException refused) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, refused.getMessage() + " (" + email + ")");
        }
        execution.setVariable(Vars.INVITATION_ID, invitation.id());
        execution.setVariable(Vars.CONTACT_ID, invitation.contactId());
        start.label(execution, invitation.contactId(), InvitationProcess.KEY_KIND, invitation.id());
    }

    /** The pre-send checks, as every door asks them: an error refuses the start, warnings until "Send even so". */
    private void refuseUnlessSendable(String email, boolean acceptWarnings) {
        PreSendChecks.Result checks = preSend.check(email);
        if (checks.firstError().isPresent()) {
            throw FormInput.refused(Vars.CONTACT_EMAIL, "Not sent: " + checks.firstError().get().message());
        }
        if (!acceptWarnings && !checks.warnings().isEmpty()) {
            throw FormInput.refused(Vars.ACCEPT_WARNINGS, "Not sent yet: " + String.join(" ", checks.warnings()
                    .stream().map(PreSendChecks.Finding::message).toList())
                    + " Correct the address, or tick \"Send even so\" and start again.");
        }
    }
}
