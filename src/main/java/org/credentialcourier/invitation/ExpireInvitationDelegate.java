package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Expire invitation": the expiry timer fired; the links are revoked. */
@Component
public class ExpireInvitationDelegate extends InvitationStep {

    public ExpireInvitationDelegate(InvitationService invitations, CurrentActor actor) {
        super(invitations, actor);
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.expire(invitationId, actor);
    }
}
