package org.credentialcourier.reset;

import org.camunda.bpm.engine.RuntimeService;
import org.credentialcourier.reset.PasswordResetProcess.Messages;
import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.credentialcourier.system.process.EngineCalls;
import org.credentialcourier.system.process.ProcessErasure;
import org.springframework.stereotype.Component;

/**
 * The only code that speaks to the engine about process {@code password-reset}, so that {@link PasswordResetService}
 * knows no Camunda and a process that moved at that moment reaches callers as a
 * {@link org.credentialcourier.system.web.BusyException} ({@link EngineCalls}).
 */
@Component
public class PasswordResetProcessClient {

    private final RuntimeService runtime;

    public PasswordResetProcessClient(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts a reset for the contact; its first task ("Register reset request") records the request, as for a start
     * from Tasklist. Returns the id of the request (the instance's variable {@code resetId}).
     */
    public String start(String contactId, String contactEmail, String requestedBy, boolean byAdmin) {
        return EngineCalls.translated(() -> runtime.createProcessInstanceByKey(PasswordResetProcess.PROCESS_KEY)
                .setVariable(Vars.CONTACT_ID, contactId)
                .setVariable(Vars.CONTACT_EMAIL, contactEmail)
                .setVariable(Vars.REQUESTED_BY, requestedBy)
                .setVariable(Vars.BY_ADMIN, byAdmin)
                .executeWithVariablesInReturn()
                .getVariables().getValue(Vars.RESET_ID, String.class));
    }

    /** A newer request of the same contact replaced this one: its process ends. */
    public void superseded(String resetId) {
        EngineCalls.translated(() -> runtime.createMessageCorrelation(Messages.SUPERSEDED)
                .processInstanceVariableEquals(Vars.RESET_ID, resetId)
                .correlateAllWithResult());
    }

    /**
     * The reset email bounced for good: "End bounced reset link", then an admin decides. Nothing happens unless the
     * request waits for the new password.
     */
    public boolean bounced(String resetId, String recipient, String reason) {
        return EngineCalls.translated(() -> !runtime.createMessageCorrelation(Messages.EMAIL_BOUNCED)
                .processInstanceVariableEquals(Vars.RESET_ID, resetId)
                .setVariable(Vars.BOUNCED_RECIPIENT, recipient)
                .setVariable(Vars.BOUNCE_REASON, reason)
                .correlateAllWithResult().isEmpty());
    }

    /** The contact set a new password through the link. */
    public void completed(String resetId) {
        EngineCalls.translated(() -> runtime.createMessageCorrelation(Messages.COMPLETED)
                .processInstanceVariableEquals(Vars.RESET_ID, resetId)
                .correlateWithResult());
    }

    /** Deletes the contact's running instances and what they called, running no listener: the contact is deleted. */
    public void deleteAllOf(String contactId, String reason) {
        ProcessErasure.deleteRunning(runtime.createProcessInstanceQuery()
                .processDefinitionKey(PasswordResetProcess.PROCESS_KEY).variableValueEquals(Vars.CONTACT_ID, contactId),
                ids -> runtime.deleteProcessInstancesIfExists(ids, reason, true, true, false));
    }
}
