package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Renew invitation": the old link stops working, the expiry starts again, the invitation is delivered anew. */
@Component
public class RenewInvitationDelegate extends InvitationStep {

    public RenewInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(invitations, actor);
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.renew(invitationId, actor);
    }
}
