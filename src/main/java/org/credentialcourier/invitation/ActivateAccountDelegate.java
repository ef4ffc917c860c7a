package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.springframework.stereotype.Component;

/** "Activate account": the contact set a password; the contact and the invitation become active. */
@Component
public class ActivateAccountDelegate extends InvitationStep {

    public ActivateAccountDelegate(InvitationService invitations, CurrentActor actor) {
        super(invitations, actor);
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.accepted(invitationId, actor);
    }
}
