package org.credentialcourier.reset;

import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Component;

/**
 * Process {@code password-reset} in the engine's setup: credential admins start it from Tasklist ("Reset a
 * password") and follow its instances; it has no admin task of its own.
 */
@Component
class PasswordResetContribution implements ProcessContribution {

    @Override
    public String processKey() {
        return PasswordResetProcess.PROCESS_KEY;
    }
}
