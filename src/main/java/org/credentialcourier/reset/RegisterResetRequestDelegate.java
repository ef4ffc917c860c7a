package org.credentialcourier.reset;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.contact.ContactStart;
import org.credentialcourier.reset.PasswordResetProcess.Vars;
import org.springframework.stereotype.Component;

/**
 * "Register reset request": every reset is recorded here, in the transaction of its start, whether
 * {@link PasswordResetProcessClient} started it (REST, console, forgot-password page) or an admin did through
 * Tasklist's start form "Send a password reset link" (always as an admin).
 */
@Component
public class RegisterResetRequestDelegate implements JavaDelegate {

    private static final ContactStart.Names START =
            new ContactStart.Names(Vars.CONTACT_ID, Vars.REQUESTED_BY, Vars.CONTACT_EMAIL, Vars.INITIATOR);

    private final PasswordResetService resets;
    private final ContactStart start;

    public RegisterResetRequestDelegate(PasswordResetService resets, ContactStart start) {
        this.resets = resets;
        this.start = start;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean byAdmin = !Boolean.FALSE.equals(execution.getVariable(Vars.BY_ADMIN));
        PasswordReset reset = start.register(execution, START,
                (contactId, actor) -> resets.register(contactId, actor, byAdmin));
        execution.setVariable(Vars.RESET_ID, reset.id());
        execution.setVariable(Vars.CONTACT_ID, reset.contactId());
        start.label(execution, reset.contactId(), PasswordResetProcess.KEY_KIND, reset.id());
    }
}
