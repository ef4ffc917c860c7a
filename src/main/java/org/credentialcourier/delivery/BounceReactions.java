package org.credentialcourier.delivery;

import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry;
import org.springframework.stereotype.Component;

/**
 * What follows from a permanent bounce or a complaint, once per attempt: a bounce reaches the process of the email's
 * subject through the email's kind.
 */
@Component
public class BounceReactions {

    private final MailDispatcher dispatcher;
    private final MailLog mailLog;

    public BounceReactions(MailDispatcher dispatcher, MailLog mailLog) {
        this.dispatcher = dispatcher;
        this.mailLog = mailLog;
    }

    void addressStopped(MailLogEntry attempt, DeliveryEvent event) {
        if (event.kind() == DeliveryEvent.Kind.BOUNCED) {
            String subjectId = mailLog.subjectOf(attempt.id());
            if (subjectId != null) {
                dispatcher.bounced(attempt.template(), subjectId, attempt.recipient(), event.reason());
            }
        }
    }
}
