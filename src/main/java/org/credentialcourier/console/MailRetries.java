package org.credentialcourier.console;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.delivery.HandOver;
import org.credentialcourier.delivery.MailDeliveryProcessClient;
import org.credentialcourier.delivery.MailDispatcher;
import org.credentialcourier.invitation.InvitationProcess;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLog.LoggedEmail;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.tracking.MailLogRetry;
import org.credentialcourier.mail.MailLogEntry;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retry of a failed email from the mail log. A failed attempt can be retried when its delivery (an instance of
 * {@code mail-delivery}) waits at "Resolve failed delivery" for an admin, and only from the latest attempt of that
 * email: retrying is what the task's "retry now" choice does, on behalf of the signed-in admin, and the process sends
 * the email again (with fresh credentials) on its own schedule. A row whose delivery retries by itself (a transient
 * failure with retries left), or that a later attempt superseded, offers nothing.
 * <p>
 * The same row of an email that carries credentials (an activation link, a reset link, a new password) can instead
 * be delivered by hand: that is the task's "deliver by hand" choice, after which the hand-over page reveals the
 * message, with fresh credentials, once.
 */
@Component
class MailRetries {

    private final MailLog mailLog;
    private final MailDeliveryProcessClient deliveries;
    private final MailDispatcher dispatcher;

    private final MailLogRetry mailLogRetry;

    /** The emails whose message is a link or a password to pass on: only these are worth handing over by hand. */
    private static final Set<String> CARRY_CREDENTIALS = Set.of(InvitationProcess.INVITATION_TEMPLATE,
            InvitationProcess.REMINDER_TEMPLATE, PasswordResetProcess.RESET_TEMPLATE,
            PasswordChangeProcess.NEW_PASSWORD_TEMPLATE);

    private final ContactService contacts;

    MailRetries(MailLog mailLog, MailDeliveryProcessClient deliveries, MailDispatcher dispatcher,
                MailLogRetry mailLogRetry, ContactService contacts) {
        this.contacts = contacts;
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

    /** The retryable rows that carry credentials: these can be handed over by hand instead. */
    Set<Long> handOverable(List<MailLogEntry> mails, Set<Long> retryable) {
        Set<Long> ids = new HashSet<>();
        mails.stream().filter(m -> retryable.contains(m.id()) && CARRY_CREDENTIALS.contains(m.template()))
                .forEach(m -> ids.add(m.id()));
        return ids;
    }

    /**
     * Decides the waiting "Resolve failed delivery" of this contact's failed email for a hand-over by hand, on behalf
     * of {@code actor}, and answers the delivery whose hand-over page reveals the message. Anything else is a 409 that
     * says why, and changes nothing.
     */
    String handOver(String contactId, long mailLogId, String actor) {
        if (mailLog.forContact(contactId).stream().noneMatch(m -> m.id() == mailLogId)) {
            throw new ResourceNotFoundException("email", Long.toString(mailLogId));
        }
        LoggedEmail email = mailLog.find(mailLogId)
                .orElseThrow(() -> new ResourceNotFoundException("email", Long.toString(mailLogId)));
        if (email.status() != MailLogEntry.Status.FAILED) {
            throw refused("Only a failed email can be handed over by hand; this one is " + email.status().code());
        }
        if (!CARRY_CREDENTIALS.contains(email.template())) {
            throw refused("This email carries no link or password, so there is nothing to hand over by hand");
        }
        if (contacts.get(contactId).accountStatus() == AccountStatus.DISABLED) {
            throw refused(HandOver.REFUSED);
        }
        String delivery = email.deliveryId();
        if (delivery == null || !deliveries.isOpen(delivery)) {
            throw refused("The delivery of this email is over: nothing waits for a decision any more");
        }
        long latest = mailLog.latestOfDelivery(delivery);
        if (latest != email.id()) {
            throw refused("A later email of the same delivery exists (mail log " + latest + ")");
        }
        if (deliveries.handOverInstead(delivery, actor)) {
            return delivery;
        }
        throw refused(deliveries.waitsForHandOver(delivery)
                ? "An admin chose to deliver this email by hand already: reveal it on its hand-over page"
                : "The delivery does not wait for an admin: it is making a new attempt by itself");
    }

    private static ConflictException refused(String sentence) {
        return new ConflictException(sentence, "id", Map.of());
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
