package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Renew invitation": the old link stops working, the expiry starts again, the invitation is delivered anew. */
@Component
public class RenewInvitationDelegate extends SubjectStep {

    private final InvitationService invitations;

    public RenewInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(InvitationProcess.Vars.INVITATION_ID, actor);
        this.invitations = invitations;
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.renew(invitationId, actor);
    }
}
