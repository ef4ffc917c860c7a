package org.credentialcourier.delivery;

import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.springframework.stereotype.Component;

/**
 * What follows from a permanent bounce or a complaint, once per attempt: the address joins the suppression list, and
 * a bounce reaches the process of the email's subject through the email's kind.
 */
@Component
public class BounceReactions {

    private final MailDispatcher dispatcher;
    private final MailLog mailLog;
    private final Suppressions suppressions;

    public BounceReactions(MailDispatcher dispatcher, MailLog mailLog, Suppressions suppressions) {
        this.dispatcher = dispatcher;
        this.mailLog = mailLog;
        this.suppressions = suppressions;
    }

    void addressStopped(MailLogEntry attempt, DeliveryEvent event) {
        suppressions.suppress(attempt.recipient(), event.kind().code(), event.reason(), attempt.id());
        if (event.kind() == DeliveryEvent.Kind.BOUNCED) {
            String subjectId = mailLog.subjectOf(attempt.id());
            if (subjectId != null) {
                dispatcher.bounced(attempt.template(), subjectId, attempt.recipient(), event.reason());
            }
        }
    }
}
