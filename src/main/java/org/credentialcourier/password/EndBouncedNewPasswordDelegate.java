package org.credentialcourier.password;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.password.PasswordChangeProcess.Vars;
import org.springframework.stereotype.Component;

/**
 * "End bounced new password": the new-password email bounced for good; the bounced password ends if nobody used it
 * yet, and the process learns whether the contact still needs one ({@code bouncedPasswordWaiting}).
 */
@Component
public class EndBouncedNewPasswordDelegate implements JavaDelegate {

    private final PasswordChangeService changes;

    public EndBouncedNewPasswordDelegate(PasswordChangeService changes) {
        this.changes = changes;
    }

    @Override
    public void execute(DelegateExecution execution) {
        boolean waiting = changes.bounced((String) execution.getVariable(Vars.CHANGE_ID),
                (String) execution.getVariable(Vars.BOUNCE_REASON));
        execution.setVariable(Vars.BOUNCED_PASSWORD_WAITING, waiting);
    }
}
