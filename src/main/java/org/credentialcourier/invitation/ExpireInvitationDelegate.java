package org.credentialcourier.invitation;

import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Expire invitation": the expiry timer fired; the links are revoked. */
@Component
public class ExpireInvitationDelegate extends SubjectStep {

    private final InvitationService invitations;

    public ExpireInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(InvitationProcess.Vars.INVITATION_ID, actor);
        this.invitations = invitations;
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.expire(invitationId, actor);
    }
}
