package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.springframework.stereotype.Component;

/** "End bounced link": the invitation email bounced for good; its links end and the invitation shows as bounced. */
@Component
public class EndBouncedLinkDelegate implements JavaDelegate {

    private final InvitationService invitations;

    public EndBouncedLinkDelegate(InvitationService invitations) {
        this.invitations = invitations;
    }

    @Override
    public void execute(DelegateExecution execution) {
        invitations.bounced((String) execution.getVariable(Vars.INVITATION_ID),
                (String) execution.getVariable(Vars.BOUNCE_REASON));
    }
}
