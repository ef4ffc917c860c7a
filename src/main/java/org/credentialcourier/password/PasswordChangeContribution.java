package org.credentialcourier.password;

import java.util.List;

import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Component;

/**
 * Process {@code password-change} in the engine's setup: a new password chosen for hand-over by hand waits at
 * "Hand over the new password", which the hand-over page completes as it does a delivery's.
 */
@Component
class PasswordChangeContribution implements ProcessContribution {

    @Override
    public String processKey() {
        return PasswordChangeProcess.PROCESS_KEY;
    }

    @Override
    public List<String> handOverTasks() {
        return List.of(PasswordChangeProcess.Elements.HAND_OVER_NEW_PASSWORD);
    }
}
