package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;

/**
 * "Renew invitation": the old link stops working, the expiry starts again, the invitation is delivered anew. The
 * history names who asked for the resend ({@code resendRequestedBy}, brought by the message), else whoever is acting.
 */
@Component
public class RenewInvitationDelegate implements JavaDelegate {

    private final InvitationService invitations;
    private final CurrentActor actor;

    public RenewInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        this.invitations = invitations;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String requestedBy = (String) execution.getVariable(Vars.RESEND_REQUESTED_BY);
        execution.removeVariable(Vars.RESEND_REQUESTED_BY);
        invitations.renew((String) execution.getVariable(Vars.INVITATION_ID),
                requestedBy != null ? requestedBy : actor.name());
    }
}
