package org.credentialcourier.invitation;

import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.process.ReasonedStep;
import org.springframework.stereotype.Component;

/** "End bounced link": the invitation email bounced for good; its links end and the invitation shows as bounced. */
@Component
public class EndBouncedLinkDelegate extends ReasonedStep {

    private final InvitationService invitations;

    public EndBouncedLinkDelegate(InvitationService invitations) {
        super(Vars.INVITATION_ID, Vars.BOUNCE_REASON);
        this.invitations = invitations;
    }

    @Override
    protected void apply(String invitationId, String reason) {
        invitations.bounced(invitationId, reason);
    }
}
