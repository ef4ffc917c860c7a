package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Cancel invitation": an admin cancelled it (over REST, or while resolving a failed delivery). */
@Component
public class CancelInvitationDelegate extends SubjectStep {

    private final InvitationService invitations;

    public CancelInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(InvitationProcess.Vars.INVITATION_ID, actor);
        this.invitations = invitations;
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.cancelled(invitationId, actor);
    }
}
