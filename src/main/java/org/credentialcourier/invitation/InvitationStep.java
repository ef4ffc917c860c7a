package org.credentialcourier.invitation;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.security.CurrentActor;

/** A service task of process {@code invitation} that applies one change to the invitation, on behalf of the actor. */
abstract class InvitationStep implements JavaDelegate {

    protected final InvitationService invitations;
    private final CurrentActor actor;

    protected InvitationStep(InvitationService invitations, CurrentActor actor) {
        this.invitations = invitations;
        this.actor = actor;
    }

    @Override
    public final void execute(DelegateExecution execution) {
        apply((String) execution.getVariable(Vars.INVITATION_ID), actor.name());
    }

    protected abstract void apply(String invitationId, String actor);
}
