package org.credentialcourier.password;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.runtime.ProcessInstanceWithVariables;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.password.PasswordChangeProcess.Delivery;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.credentialcourier.system.process.BusinessKeys;
import org.credentialcourier.system.process.EngineCalls;
import org.credentialcourier.system.process.ProcessErasure;
import org.springframework.stereotype.Component;

/**
 * The only code that speaks to the engine about password changes: process {@code password-change}, and the notice
 * after a change the contact made, so that {@link PasswordChangeService} and {@link PasswordNotices} know no Camunda
 * and a process that moved at that moment reaches callers as a
 * {@link org.credentialcourier.system.web.BusyException} ({@link EngineCalls}).
 */
@Component
public class PasswordChangeProcessClient {

    /** A started {@code password-change}: its instance (for the hand-over) and the change it recorded. */
    public record Started(String processInstanceId, String changeId) {
    }

    private final RuntimeService runtime;

    public PasswordChangeProcessClient(RuntimeService runtime) {
        this.runtime = runtime;
    }

    /**
     * Starts a change for the contact; its first task ("Register password change") records it, as for a start from
     * Tasklist. Returns when the instance waits: at the hand-over, if by hand.
     */
    public Started start(String contactId, String contactEmail, Delivery delivery, String requestedBy) {
        ProcessInstanceWithVariables instance = EngineCalls.translated(() -> runtime
                .createProcessInstanceByKey(PasswordChangeProcess.PROCESS_KEY)
                .setVariable(Vars.CONTACT_ID, contactId)
                .setVariable(Vars.CONTACT_EMAIL, contactEmail)
                .setVariable(Vars.DELIVERY, delivery.code())
                .setVariable(Vars.REQUESTED_BY, requestedBy)
                .executeWithVariablesInReturn());
        return new Started(instance.getId(), instance.getVariables().getValue(Vars.CHANGE_ID, String.class));
    }

    /**
     * The new-password email of the change bounced for good: an instance of its own starts at "New-password email
     * bounced" ("End bounced new password", then an admin decides), labelled like the change.
     */
    public void bounced(String changeId, String contactId, String recipient, String reason) {
        EngineCalls.translated(() -> runtime.createMessageCorrelation(PasswordChangeProcess.Messages.NEW_PASSWORD_BOUNCED)
                .processInstanceBusinessKey(BusinessKeys.of(recipient, PasswordChangeProcess.KEY_KIND, changeId))
                .setVariable(Vars.CHANGE_ID, changeId)
                .setVariable(Vars.CONTACT_ID, contactId)
                .setVariable(Vars.BOUNCED_RECIPIENT, recipient)
                .setVariable(Vars.BOUNCE_REASON, reason)
                .correlateStartMessage());
    }

    /**
     * The notice of a change outside any process of its own (the contact changed the password): one
     * {@code mail-delivery}.
     */
    public void sendChangeNotice(String contactId) {
        EngineCalls.translated(() -> runtime.createProcessInstanceByKey(MailDeliveryProcess.PROCESS_KEY)
                .businessKey(contactId)
                .setVariable(MailDeliveryProcess.Vars.MAIL_TEMPLATE, PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE)
                .setVariable(MailDeliveryProcess.Vars.SUBJECT_ID, contactId)
                .execute());
    }

    /** Deletes the contact's running instances and what they called, running no listener: the contact is deleted. */
    public void deleteAllOf(String contactId, String reason) {
        ProcessErasure.deleteRunning(runtime.createProcessInstanceQuery()
                .processDefinitionKey(PasswordChangeProcess.PROCESS_KEY).variableValueEquals(Vars.CONTACT_ID, contactId),
                ids -> runtime.deleteProcessInstancesIfExists(ids, reason, true, true, false));
    }
}
