package org.credentialcourier.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.credentialcourier.contact.AccountStatus;
import org.credentialcourier.contact.ContactRepository;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.MailFailure;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.mail.SmtpGateway;
import org.credentialcourier.system.CourierMetrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Delivers one email of any {@link DeliverableMail} kind: composes it, logs the attempt, sends it, and tells the kind
 * the outcome. An attempt commits its steps around the SMTP conversation on their own (see {@link #attempt}), so that
 * a crash between the server's acceptance and the job's commit sends nothing twice; a hand-over runs in the caller's
 * transaction.
 */
@Service
public class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final Map<String, DeliverableMail> kinds = new HashMap<>();
    private final MailLog mailLog;
    private final SmtpGateway smtp;
    private final AttemptAddresses addresses;
    private final Suppressions suppressions;
    private final CourierMetrics metrics;
    private final TransactionTemplate separately;
    private final ContactRepository contacts;

    public MailDispatcher(List<DeliverableMail> deliverables, MailLog mailLog, SmtpGateway smtp,
                          CourierMetrics metrics,
                          PlatformTransactionManager transactions, ContactRepository contacts,
                          AttemptAddresses addresses, Suppressions suppressions) {
        this.suppressions = suppressions;
        this.contacts = contacts;
        this.metrics = metrics;
        this.separately = new TransactionTemplate(transactions);
        this.separately.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
        for (DeliverableMail kind : deliverables) {
            kind.templates().forEach(template -> kinds.put(template, kind));
        }
        this.mailLog = mailLog;
        this.smtp = smtp;
        this.addresses = addresses;
    }

    /** The outcome of one attempt: sent, or failed with the reason and whether it is worth trying again. */
    public record Attempt(String recipient, MailFailure failure) {

        public boolean sent() {
            return failure == null;
        }
    }

    /**
     * One attempt of delivery {@code deliveryId} (a {@code mail-delivery} instance), sent at most once even when its
     * job runs again. The mail log row, with a Message-ID made from the delivery and the attempt, and the credential
     * the message carries are committed before the message leaves; the server's acceptance (and what the kind does
     * once its email is delivered) is committed right after, each in a transaction of its own. A job that repeats
     * after a crash therefore finds the attempt: sent, and it does not send again; interrupted between the send and
     * the record, and it sends again with the same Message-ID, logging and counting the possible duplicate.
     */
    public Attempt attempt(String deliveryId, String template, String subjectId, int attempt, String actor) {
        String messageId = addresses.messageId(deliveryId, attempt);
        var earlier = mailLog.latestWithMessageId(messageId);
        if (earlier.isPresent() && earlier.get().status() == Status.SENT) {
            metrics.email(template, "already-sent");
            log.info("Not sending {} email for {} again: attempt {} was accepted before its job stopped (mail log {})",
                    template, subjectId, attempt, earlier.get().id());
            return new Attempt(earlier.get().recipient(), null);
        }
        if (earlier.isPresent() && earlier.get().status() == Status.QUEUED) {
            separately.executeWithoutResult(tx -> mailLog.complete(earlier.get().id(), Status.INTERRUPTED, messageId,
                    "the job stopped before the server's answer was recorded; sent again with the same Message-ID"));
            metrics.email(template, "possible-duplicate");
            log.warn("Possible duplicate: attempt {} of the {} email for {} (mail log {}, Message-ID {}) was being sent"
                    + " when its job stopped; the server may have accepted it. Sending again.", attempt, template,
                    subjectId, earlier.get().id(), messageId);
        }
        DeliverableMail kind = kind(template);
        var suppressed = contacts.findById(kind.recipientContactId(subjectId))
                .flatMap(contact -> suppressions.find(contact.email()));
        if (suppressed.isPresent()) {
            // an address that bounced for good or complained: not sent again; the admin decides, with reason and date
            metrics.email(template, "suppressed");
            log.info("Not sending {} email for {} (attempt {}): {}", template, subjectId, attempt,
                    suppressed.get().sentence());
            return new Attempt(suppressed.get().email(), new MailFailure(MailFailure.Kind.PERMANENT,
                    suppressed.get().sentence(), null));
        }
        record Opened(PreparedMail prepared, long logId) {
        }
        Opened opened = separately.execute(tx -> {
            PreparedMail prepared = kind.prepare(template, subjectId);
            long logId = mailLog.open(draft(prepared, Channel.SMTP, attempt, actor, deliveryId), Status.QUEUED);
            mailLog.recordMessageId(logId, messageId, subjectId,
                    prepared.credentialId() == 0 ? null : prepared.credentialId());
            return new Opened(prepared, logId);
        });
        PreparedMail prepared = opened.prepared();
        ComposedMail content = prepared.content();
        long logId = opened.logId();
        String reply;
        try {
            // Postmark hands X-PM-Metadata-* back in its webhooks (it may replace the Message-ID); other servers
            // ignore it, and it names nothing the Message-ID does not
            reply = smtp.send(content.withHeader("X-Courier-Mail-Log-Id", Long.toString(logId))
                            .withHeader("X-PM-Metadata-courier-message-id", messageId), messageId,
                    addresses.envelopeFrom(deliveryId, attempt));
        } catch (RuntimeException technical) {
            // a broken configuration: nothing left, so nothing of the attempt stays (the minted credential's
            // plaintext never left this method); the job is retried and ends as an incident
            separately.executeWithoutResult(tx -> mailLog.delete(logId));
            throw technical;
        } catch (MailFailure failure) {
            separately.executeWithoutResult(tx -> {
                mailLog.complete(logId, Status.FAILED, messageId, failure.kind() + ": " + failure.getMessage());
                kind.notDelivered(prepared, failure.getMessage());
            });
            metrics.email(template, failure.kind().name().toLowerCase(java.util.Locale.ROOT));
            log.warn("Could not send {} email for {} (attempt {}, mail log {}): {} {}", template, subjectId, attempt,
                    logId, failure.kind(), failure.getMessage());
            return new Attempt(content.recipientEmail(), failure);
        }
        // the server accepted the message: from here on its row stays, even when recording the acceptance fails (the
        // database gone for a moment), so that the repeated job finds it QUEUED and counts the possible duplicate
        separately.executeWithoutResult(tx -> {
            mailLog.complete(logId, Status.SENT, messageId, reply);
            kind.delivered(prepared, Channel.SMTP, actor);
        });
        metrics.email(template, "sent");
        log.info("Sent {} email for {} (attempt {}, mail log {})", template, subjectId, attempt, logId);
        return new Attempt(content.recipientEmail(), null);
    }

    /**
     * Composes the message for an admin to hand over by hand, instead of sending it: fresh credentials, shown once,
     * recorded in the mail log as handed over by {@code actor}. {@code deliveryId}: the {@code mail-delivery} instance
     * whose admin chose the hand-over, {@code null} for a hand-over that no delivery asked for.
     */
    @Transactional
    public ComposedMail handOver(String deliveryId, String template, String subjectId, String actor) {
        DeliverableMail kind = kind(template);
        PreparedMail prepared = kind.prepare(template, subjectId);
        long logId = mailLog.open(draft(prepared, Channel.MANUAL, 0, actor, deliveryId), Status.HANDED_OVER);
        mailLog.complete(logId, Status.HANDED_OVER, null, "revealed to " + actor + " for delivery by hand");
        kind.delivered(prepared, Channel.MANUAL, actor);
        metrics.email(template, "handed-over");
        log.info("Revealed {} email for {} to {} for delivery by hand (mail log {})", template, subjectId, actor, logId);
        return prepared.content();
    }

    /**
     * Whether the email must not leave at all: its contact is disabled or was deleted. A business outcome (the delivery
     * ends as cancelled, the process that asked for it goes its cancelled way), not a failure to retry.
     */
    @Transactional(readOnly = true)
    public boolean recipientRefused(String template, String subjectId) {
        String contactId = kind(template).recipientContactId(subjectId);
        return contactId == null || contacts.findById(contactId)
                .map(contact -> contact.accountStatus() == AccountStatus.DISABLED).orElse(true);
    }

    public String recipientContactId(String template, String subjectId) {
        return kind(template).recipientContactId(subjectId);
    }

    public void escalated(String template, String subjectId, String reason) {
        kind(template).escalated(template, subjectId, reason);
    }

    /** An accepted email bounced for good: its kind decides what its process does. */
    public void bounced(String template, String subjectId, String recipient, String reason) {
        kind(template).bounced(template, subjectId, recipient, reason);
    }

    public void resolved(String template, String subjectId, MailDeliveryProcess.Resolution resolution, String actor) {
        kind(template).resolved(template, subjectId, resolution, actor);
    }

    private DeliverableMail kind(String template) {
        DeliverableMail kind = kinds.get(template);
        if (kind == null) {
            throw new IllegalArgumentException("No kind of email answers for template " + template
                    + "; the diagram passes a mailTemplate the application does not know (known: "
                    + new java.util.TreeSet<>(kinds.keySet()) + ")");
        }
        return kind;
    }

    private static MailLog.Draft draft(PreparedMail prepared, Channel channel, int attempt, String actor,
                                       String deliveryId) {
        ComposedMail content = prepared.content();
        return new MailLog.Draft(prepared.contactId(), prepared.invitationId(), content.template(), channel,
                content.recipientEmail(), content.subject(), attempt, actor, deliveryId);
    }
}
