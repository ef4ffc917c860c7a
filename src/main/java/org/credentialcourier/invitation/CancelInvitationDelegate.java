package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Cancel invitation": an admin cancelled it (over REST, or while resolving a failed delivery). */
@Component
public class CancelInvitationDelegate extends InvitationStep {

    public CancelInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(invitations, actor);
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.cancelled(invitationId, actor);
    }
}
