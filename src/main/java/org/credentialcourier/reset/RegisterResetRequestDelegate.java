package org.credentialcourier.reset;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactStartForm;
import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.springframework.stereotype.Component;

/**
 * "Register reset request": every reset starts here, in the transaction of its start. Started by
 * {@link PasswordResetProcessClient} (REST, console, forgot-password page) the instance names the contact; from
 * Tasklist's start form "Send a password reset link" an admin typed the address, and a refusal is shown on the form.
 */
@Component
public class RegisterResetRequestDelegate implements JavaDelegate {

    private final PasswordResetService resets;
    private final ContactStartForm startForm;

    public RegisterResetRequestDelegate(PasswordResetService resets, ContactStartForm startForm) {
        this.resets = resets;
        this.startForm = startForm;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String contactId = (String) execution.getVariable(Vars.CONTACT_ID);
        PasswordReset reset = contactId != null
                ? resets.register(contactId, (String) execution.getVariable(Vars.REQUESTED_BY),
                        Boolean.TRUE.equals(execution.getVariable(Vars.BY_ADMIN)))
                : startForm.register(execution, Vars.CONTACT_EMAIL, Vars.INITIATOR,
                        (id, admin) -> resets.register(id, admin, true));
        execution.setVariable(Vars.RESET_ID, reset.id());
        execution.setVariable(Vars.CONTACT_ID, reset.contactId());
        execution.setProcessBusinessKey(reset.id());
    }
}
