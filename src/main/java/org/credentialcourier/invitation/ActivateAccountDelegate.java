package org.credentialcourier.invitation;

import org.credentialcourier.security.CurrentActor;
import org.credentialcourier.system.process.SubjectStep;
import org.springframework.stereotype.Component;

/** "Activate account": the contact set a password; the contact and the invitation become active. */
@Component
public class ActivateAccountDelegate extends SubjectStep {

    private final InvitationService invitations;

    public ActivateAccountDelegate(InvitationService invitations, CurrentActor actor) {
        super(InvitationProcess.Vars.INVITATION_ID, actor);
        this.invitations = invitations;
    }

    @Override
    protected void apply(String invitationId, String actor) {
        invitations.accepted(invitationId, actor);
    }
}
