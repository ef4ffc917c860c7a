package org.credentialcourier.invitation;

import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Component;

/**
 * Process {@code invitation} in the engine's setup: credential admins start it from Tasklist ("Invite a contact") and
 * follow its instances; it has no admin task of its own.
 */
@Component
class InvitationContribution implements ProcessContribution {

    @Override
    public String processKey() {
        return InvitationProcess.PROCESS_KEY;
    }
}
