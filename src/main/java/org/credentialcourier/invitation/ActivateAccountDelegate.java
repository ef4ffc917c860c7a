package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.springframework.stereotype.Component;

/**
 * "Activate account": the contact set a password; the contact and the invitation become active. Only the contact
 * accepts, through the link and signed in as nobody: the history names {@value #ACTOR}, as the contact's own history
 * does for what the member does.
 */
@Component
public class ActivateAccountDelegate implements JavaDelegate {

    public static final String ACTOR = "contact";

    private final InvitationService invitations;

    public ActivateAccountDelegate(InvitationService invitations) {
        this.invitations = invitations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        invitations.accepted((String) execution.getVariable(InvitationProcess.Vars.INVITATION_ID), ACTOR);
    }
}
