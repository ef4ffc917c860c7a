package org.credentialcourier.bulk;

import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Component;

/**
 * Process {@code bulk-invitation} in the engine's setup: credential admins start a run from Tasklist ("Invite
 * contacts in bulk") and review its result there; that task is in neither shared filter.
 */
@Component
class BulkInvitationContribution implements ProcessContribution {

    @Override
    public String processKey() {
        return BulkInvitationProcess.PROCESS_KEY;
    }
}
