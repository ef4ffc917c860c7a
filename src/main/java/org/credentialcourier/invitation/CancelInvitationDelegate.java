package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.delivery.MailDeliveryProcess.DeliveryResult;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.springframework.stereotype.Component;

/**
 * "Cancel invitation": an admin cancelled it (over REST, in the console or in a bulk run; the message brings who,
 * {@code cancelRequestedBy}, else whoever is acting), or cancelled the delivery of its email in "Resolve failed
 * delivery" (the process gets here in a job, on nobody's behalf, so the history names the admin who chose it).
 */
@Component
public class CancelInvitationDelegate implements JavaDelegate {

    private final InvitationService invitations;
    private final CurrentActor actor;

    public CancelInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        this.invitations = invitations;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String invitationId = (String) execution.getVariable(Vars.INVITATION_ID);
        String requestedBy = (String) execution.getVariable(Vars.CANCEL_REQUESTED_BY);
        execution.removeVariable(Vars.CANCEL_REQUESTED_BY);
        if (DeliveryResult.CANCELLED.code().equals(execution.getVariable(Vars.DELIVERY_RESULT))) {
            invitations.deliveryCancelled(invitationId);
        } else {
            invitations.cancelled(invitationId, requestedBy != null ? requestedBy : actor.name());
        }
    }
}
