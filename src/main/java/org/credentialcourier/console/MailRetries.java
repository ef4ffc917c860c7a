package org.credentialcourier.console;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.delivery.MailDeliveryProcessClient;
import org.credentialcourier.delivery.MailDispatcher;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.tracking.MailLogRetry;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retry of a failed email from the mail log. A failed attempt can be retried when its delivery (an instance of
 * {@code mail-delivery}) waits at "Resolve failed delivery" for an admin, and only from the latest attempt of that
 * email: retrying is what the task's "retry now" choice does, on behalf of the signed-in admin, and the process sends
 * the email again (with fresh credentials) on its own schedule. A row whose delivery retries by itself (a transient
 * failure with retries left), or that a later attempt superseded, offers nothing.
 */
@Component
class MailRetries {

    private final MailLog mailLog;
    private final MailDeliveryProcessClient deliveries;
    private final MailDispatcher dispatcher;

    private final MailLogRetry mailLogRetry;

    MailRetries(MailLog mailLog, MailDeliveryProcessClient deliveries, MailDispatcher dispatcher,
                MailLogRetry mailLogRetry) {
        this.mailLogRetry = mailLogRetry;
        this.mailLog = mailLog;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    /** The rows of a contact's mail log that can be retried now. */
    Set<Long> retryable(List<MailLogEntry> mails) {
        Set<Long> ids = new HashSet<>();
        latestFailed(mails).forEach((template, entry) -> {
            if (waitsForResolution(entry)) {
                ids.add(entry.id());
            }
        });
        return ids;
    }

    /**
     * "Retry now", as {@code POST /api/mail-log/{id}/retry} does it ({@link MailLogRetry}), for an email of this
     * contact only.
     */
    @Transactional
    void retry(String contactId, long mailLogId, String actor) {
        List<MailLogEntry> mails = mailLog.forContact(contactId);
        if (mails.stream().noneMatch(m -> m.id() == mailLogId)) {
            throw new ResourceNotFoundException("email", Long.toString(mailLogId));
        }
        mailLogRetry.retry(mailLogId, actor);
    }

    /** Per template, the contact's latest attempt if it failed. */
    private static Map<String, MailLogEntry> latestFailed(List<MailLogEntry> mails) {
        Map<String, MailLogEntry> latest = new HashMap<>();
        mails.forEach(m -> latest.put(m.template(), m));
        latest.values().removeIf(m -> m.status() != MailLogEntry.Status.FAILED);
        return latest;
    }

    /** Whether a delivery of this template to this entry's contact waits at "Resolve failed delivery". */
    private boolean waitsForResolution(MailLogEntry entry) {
        // an invitation's emails are about the invitation: its id is the delivery's subject
        return deliveries.subjectsWaitingForResolution(entry.template(), entry.invitationId()).stream()
                .anyMatch(subjectId -> entry.contactId().equals(
                        dispatcher.recipientContactId(entry.template(), subjectId)));
    }
}
