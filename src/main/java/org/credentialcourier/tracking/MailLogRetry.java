package org.credentialcourier.tracking;

import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;
import org.credentialcourier.delivery.MailDeliveryProcessClient;
import org.credentialcourier.invitation.Invitation;
import org.credentialcourier.invitation.InvitationEvent.Type;
import org.credentialcourier.invitation.InvitationPolicy;
import org.credentialcourier.invitation.InvitationService;
import org.credentialcourier.invitation.InvitationStatus;
import org.credentialcourier.mail.MailLog;
import org.credentialcourier.mail.MailLog.LoggedEmail;
import org.credentialcourier.mail.MailLogEntry.Status;
import org.credentialcourier.password.PasswordChangeProcess;
import org.credentialcourier.reset.PasswordResetProcess;
import org.credentialcourier.system.CourierMetrics;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.ResourceNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Retries a failed email from the mail log, doing what an admin would otherwise do in Tasklist or Cockpit, and only
 * for the latest attempt of its delivery, so that nothing newer is undone:
 * <ul>
 * <li>its delivery waits in "Resolve failed delivery": the task is completed with "retry now", assigned to the admin
 * who asked, so that Camunda's history and the invitation's name them;</li>
 * <li>its delivery waits out the back-off ("Retry delay elapsed"): the timer fires now;</li>
 * <li>its delivery is over (cancelled by an admin, or ended with the invitation's expiry or a resend) and the email
 * was one of an invitation that is still open or has expired: the invitation is resent. The message cannot be sent
 * again as it was: its link was never kept, so a fresh one is issued and the older ones stop working.</li>
 * </ul>
 * Anything else is a 409 that says why. The delivery is known from the mail log's {@code delivery_id} (added by
 * migration V7__tracking); entries written before it count as entries of a delivery that is over.
 */
@Service
public class MailLogRetry {

    private static final Logger log = LoggerFactory.getLogger(MailLogRetry.class);

    private final MailLog mailLog;
    private final MailDeliveryProcessClient deliveries;
    private final InvitationService invitations;
    private final CourierMetrics metrics;

    public MailLogRetry(MailLog mailLog, MailDeliveryProcessClient deliveries, InvitationService invitations,
                        CourierMetrics metrics) {
        this.mailLog = mailLog;
        this.deliveries = deliveries;
        this.invitations = invitations;
        this.metrics = metrics;
    }

    /** What the retry did. */
    public enum Action {
        /** "Resolve failed delivery" was completed with "retry now". */
        RETRIED_NOW,
        /** The back-off timer fired early. */
        RETRY_DELAY_SKIPPED,
        /** The delivery was over: the invitation was resent, with a fresh link. */
        INVITATION_RESENT;

        @JsonValue
        public String code() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    /** The answer: which entry, what was done, through which delivery or invitation, in words for people. */
    public record Outcome(long mailLogId, Action action, String deliveryId, String invitationId, String detail) {
    }

    @Transactional
    public Outcome retry(long mailLogId, String actor) {
        LoggedEmail email = mailLog.find(mailLogId)
                .orElseThrow(() -> new ResourceNotFoundException("mail log entry", Long.toString(mailLogId)));
        if (email.status() != Status.FAILED) {
            throw new ConflictException("Only a failed email can be retried; this one is " + email.status().code(),
                    "status", Map.of("status", email.status().code()));
        }
        Outcome outcome;
        if (email.deliveryId() != null && deliveries.isOpen(email.deliveryId())) {
            requireLatest(email, mailLog.latestOfDelivery(email.deliveryId()), "of the same delivery");
            outcome = retryDelivery(email, actor);
        } else {
            outcome = resendInvitation(email, actor);
        }
        metrics.mailRetry(outcome.action().code());
        log.info("Mail log {} ({}) retried by {}: {}", email.id(), email.template(), actor, outcome.action().code());
        return outcome;
    }

    private Outcome retryDelivery(LoggedEmail email, String actor) {
        String delivery = email.deliveryId();
        if (deliveries.retryNow(delivery, actor)) {
            return new Outcome(email.id(), Action.RETRIED_NOW, delivery, email.invitationId(),
                    "\"Resolve failed delivery\" was completed with \"retry now\": the next attempt is queued");
        }
        if (deliveries.skipRetryDelay(delivery)) {
            if (email.invitationId() != null) {
                invitations.recordEvent(email.invitationId(), Type.DELIVERY_RETRIED, actor,
                        email.template() + ": retry delay skipped (mail log " + email.id() + ")");
            }
            return new Outcome(email.id(), Action.RETRY_DELAY_SKIPPED, delivery, email.invitationId(),
                    "The retry delay was cut short: the next attempt is queued");
        }
        throw new ConflictException(notWaitingForARetry(delivery), "id", Map.of("deliveryId", delivery));
    }

    private String notWaitingForARetry(String delivery) {
        if (deliveries.waitsForHandOver(delivery)) {
            return "An admin chose to deliver this email by hand: hand it over on the hand-over page instead";
        }
        if (deliveries.stoppedOnFailure(delivery)) {
            return "The delivery stopped on a technical failure (an incident): fix the cause, then retry its job in"
                    + " Cockpit";
        }
        return "The delivery is making a new attempt already";
    }

    private Outcome resendInvitation(LoggedEmail email, String actor) {
        if (email.invitationId() == null) {
            throw new ConflictException("The delivery of this email is over, and only an invitation can be sent again"
                    + " from the mail log: " + nextStep(email.template()), "id", Map.of("template", email.template()));
        }
        requireLatest(email, mailLog.latestOfInvitation(email.invitationId()), "of this invitation");
        Invitation invitation = invitations.get(email.invitationId());
        if (InvitationPolicy.resend(invitation.status()).isPresent()) {
            throw new ConflictException("The invitation is " + invitation.status().code()
                    + ": there is nothing to retry", "status",
                    Map.of("status", invitation.status().code(), "invitationId", invitation.id()));
        }
        invitations.resend(invitation.id(), actor);
        String detail = invitation.status() == InvitationStatus.EXPIRED
                ? "The expired invitation starts over: a fresh activation link with a new expiry is on its way"
                : "The invitation was resent: a fresh activation link is on its way, the older links no longer work";
        return new Outcome(email.id(), Action.INVITATION_RESENT, email.deliveryId(), invitation.id(), detail);
    }

    private static void requireLatest(LoggedEmail email, long latest, String of) {
        if (latest != email.id()) {
            throw new ConflictException("A later email " + of + " exists (mail log " + latest
                    + "): retry that one if it failed", "id", Map.of("latestMailLogId", latest));
        }
    }

    private static String nextStep(String template) {
        return switch (template) {
            case PasswordResetProcess.RESET_TEMPLATE -> "send the contact a new reset link";
            case PasswordChangeProcess.NEW_PASSWORD_TEMPLATE -> "change the contact's password again";
            case PasswordChangeProcess.CHANGE_NOTICE_TEMPLATE -> "the notice of a password change is not sent again";
            default -> "start over from what the email was about";
        };
    }
}
