package org.credentialcourier.invitation;

import org.camunda.bpm.engine.RuntimeService;
import org.credentialcourier.invitation.InvitationProcess.Messages;
import org.credentialcourier.invitation.InvitationProcess.Vars;
import org.credentialcourier.system.process.BusinessKeys;
import org.credentialcourier.system.process.EngineCalls;
import org.credentialcourier.system.process.ProcessErasure;
import org.springframework.stereotype.Component;

/**
 * The only code that asks the engine about process {@code invitation}: start, resend, cancel and the contact's
 * acceptance. Every call goes through {@link EngineCalls#translated}, so a process that moved meanwhile reaches the
 * callers as a {@link org.credentialcourier.system.web.BusyException}, and nobody above this class knows Camunda.
 * Who asked travels with each message, because the calling thread may act for nobody (a bulk run's job, the member's
 * forgot-password page).
 */
@Component
public class InvitationProcessClient {

    private final RuntimeService runtime;

    public InvitationProcessClient(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts the process for an invitation that is recorded already. Its business key is a label for people (the
     * contact's email and the start of the invitation id, {@link BusinessKeys}); messages find the instance by its
     * variable {@code invitationId}, since the email may change.
     */
    public void start(Invitation invitation, String contactEmail) {
        EngineCalls.translated(() -> runtime.createProcessInstanceByKey(InvitationProcess.PROCESS_KEY)
                .businessKey(BusinessKeys.of(contactEmail, InvitationProcess.KEY_KIND, invitation.id()))
                .setVariable(Vars.INVITATION_ID, invitation.id())
                .setVariable(Vars.CONTACT_ID, invitation.contactId())
                .setVariable(Vars.CONTACT_EMAIL, contactEmail)
                .execute());
    }

    /** "Renew invitation" in the running process, recorded as {@code actor}'s. */
    public void resend(String invitationId, String actor) {
        correlate(Messages.RESEND_REQUESTED, invitationId, Vars.RESEND_REQUESTED_BY, actor);
    }

    /** "Cancel invitation" in the running process, recorded as {@code actor}'s. */
    public void cancel(String invitationId, String actor) {
        correlate(Messages.CANCELLATION_REQUESTED, invitationId, Vars.CANCEL_REQUESTED_BY, actor);
    }

    /**
     * The invitation email bounced for good: "End bounced link", then an admin decides. Nothing happens unless the
     * invitation waits for acceptance (a bounce heard after acceptance, expiry or while an admin already decides).
     */
    public boolean bounced(String invitationId, String recipient, String reason) {
        return EngineCalls.translated(() -> !runtime.createMessageCorrelation(Messages.EMAIL_BOUNCED)
                .processInstanceVariableEquals(Vars.INVITATION_ID, invitationId)
                .setVariable(Vars.BOUNCED_RECIPIENT, recipient)
                .setVariable(Vars.BOUNCE_REASON, reason)
                .correlateAllWithResult().isEmpty());
    }

    /** The contact set a first password through the activation link: "Activate account". */
    public void accepted(String invitationId) {
        EngineCalls.translated(() -> runtime.createMessageCorrelation(Messages.ACCEPTED)
                .processInstanceVariableEquals(Vars.INVITATION_ID, invitationId)
                .correlateWithResult());
    }

    /**
     * Brings a message to the invitation's process with who asked for it in a variable: the task it leads to records
     * the asker and removes the variable.
     */
    private void correlate(String message, String invitationId, String askerVariable, String actor) {
        EngineCalls.translated(() -> runtime.createMessageCorrelation(message)
                .processInstanceVariableEquals(Vars.INVITATION_ID, invitationId)
                .setVariable(askerVariable, actor)
                .correlateWithResult());
    }

    /** Deletes the contact's running instances and what they called, running no listener: the contact is deleted. */
    public void deleteAllOf(String contactId, String reason) {
        ProcessErasure.deleteRunning(runtime.createProcessInstanceQuery()
                .processDefinitionKey(InvitationProcess.PROCESS_KEY).variableValueEquals(Vars.CONTACT_ID, contactId),
                ids -> runtime.deleteProcessInstancesIfExists(ids, reason, true, true, false));
    }
}
