package org.credentialcourier.delivery;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.mail.MailFailure;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLogEntry.Channel;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.mail.SmtpGateway;
import org.credentialcourier.system.CourierMetrics;
import org.credentialcourier.system.CourierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivers one email of any {@link DeliverableMail} kind: composes it, logs the attempt, sends it, and tells the kind
 * the outcome. Runs inside the engine's job transaction, so the mail log row, the minted credential and the process
 * state commit together.
 */
@Service
public class MailDispatcher {

    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final Map<String, DeliverableMail> kinds = new HashMap<>();
    private final MailLog mailLog;
    private final SmtpGateway smtp;
    private final String messageIdDomain;
    private final CourierMetrics metrics;

    public MailDispatcher(List<DeliverableMail> deliverables, MailLog mailLog, SmtpGateway smtp,
                          CourierProperties properties, CourierMetrics metrics) {
        this.metrics = metrics;
        for (DeliverableMail kind : deliverables) {
            kind.templates().forEach(template -> kinds.put(template, kind));
        }
        this.mailLog = mailLog;
        this.smtp = smtp;
        this.messageIdDomain = properties.publicBaseUrl().getHost() == null ? "credential-courier"
                : properties.publicBaseUrl().getHost();
    }

    /** The outcome of one attempt: sent, or failed with the reason and whether it is worth trying again. */
    public record Attempt(String recipient, MailFailure failure) {

        public boolean sent() {
            return failure == null;
        }
    }

    @Transactional
    public Attempt attempt(String template, String subjectId, int attempt, String actor) {
        DeliverableMail kind = kind(template);
        PreparedMail prepared = kind.prepare(template, subjectId);
        ComposedMail content = prepared.content();
        long logId = mailLog.open(draft(prepared, Channel.SMTP, attempt, actor), Status.QUEUED);
        String messageId = "<" + logId + "." + UUID.randomUUID() + "@" + messageIdDomain + ">";
        try {
            String reply = smtp.send(content.withHeader("X-Courier-Mail-Log-Id", Long.toString(logId)), messageId);
            mailLog.complete(logId, Status.SENT, messageId, reply);
            kind.delivered(prepared, Channel.SMTP, actor);
            metrics.email(template, "sent");
            log.info("Sent {} email for {} (attempt {}, mail log {})", template, subjectId, attempt, logId);
            return new Attempt(content.recipientEmail(), null);
        } catch (MailFailure failure) {
            mailLog.complete(logId, Status.FAILED, messageId, failure.kind() + ": " + failure.getMessage());
            kind.notDelivered(prepared, failure.getMessage());
            metrics.email(template, failure.kind().name().toLowerCase(java.util.Locale.ROOT));
            log.warn("Could not send {} email for {} (attempt {}, mail log {}): {} {}", template, subjectId, attempt,
                    logId, failure.kind(), failure.getMessage());
            return new Attempt(content.recipientEmail(), failure);
        }
    }

    /**
     * Composes the message for an admin to hand over by hand, instead of sending it: fresh credentials, shown once,
     * recorded in the mail log as handed over by {@code actor}.
     */
    @Transactional
    public ComposedMail handOver(String template, String subjectId, String actor) {
        DeliverableMail kind = kind(template);
        PreparedMail prepared = kind.prepare(template, subjectId);
        long logId = mailLog.open(draft(prepared, Channel.MANUAL, 0, actor), Status.HANDED_OVER);
        mailLog.complete(logId, Status.HANDED_OVER, null, "revealed to " + actor + " for delivery by hand");
        kind.delivered(prepared, Channel.MANUAL, actor);
        metrics.email(template, "handed-over");
        log.info("Revealed {} email for {} to {} for delivery by hand (mail log {})", template, subjectId, actor, logId);
        return prepared.content();
    }

    public String recipientContactId(String template, String subjectId) {
        return kind(template).recipientContactId(subjectId);
    }

    public void escalated(String template, String subjectId, String reason) {
        kind(template).escalated(template, subjectId, reason);
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

    private static MailLog.Draft draft(PreparedMail prepared, Channel channel, int attempt, String actor) {
        ComposedMail content = prepared.content();
        return new MailLog.Draft(prepared.contactId(), prepared.invitationId(), content.template(), channel,
                content.recipientEmail(), content.subject(), attempt, actor);
    }
}
