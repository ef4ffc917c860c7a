package org.credentialcourier.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcessClient.HandOverTask;
import org.credentialcourier.contact.ContactService;
import org.credentialcourier.mail.ComposedMail;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.process.ProcessContribution;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivery by hand: for an instance waiting at a hand-over task ("Hand over manually" of {@code mail-delivery}, "Hand
 * over the new password" of {@code password-change}), composes the message with fresh credentials, shows it to the
 * admin exactly once, records who saw it, and completes the task, all in one transaction. The instance names the
 * message through the variables {@code mailTemplate} and {@code subjectId}.
 */
@Service
public class HandOver {

    private final MailDeliveryProcessClient process;
    private final MailDispatcher dispatcher;
    private final ContactService contacts;
    /** The user tasks that the hand-over page completes: each process declares its own. */
    private final List<String> handOverTasks;

    public HandOver(MailDeliveryProcessClient process, MailDispatcher dispatcher, ContactService contacts,
                    List<ProcessContribution> processes) {
        this.process = process;
        this.dispatcher = dispatcher;
        this.contacts = contacts;
        this.handOverTasks = processes.stream().flatMap(p -> p.handOverTasks().stream()).toList();
    }

    /**
     * What the admin is about to reveal: the delivery's template and recipient, and whether the recipient's account is
     * disabled (then nothing is revealed). Nothing secret.
     */
    public record Pending(String deliveryId, String template, String subjectId, String recipientEmail,
                          String recipientContactId, boolean refused) {
    }

    /** The sentence of a refused reveal: a disabled account gets no credentials, by email or by hand. */
    public static final String REFUSED = "This person's account is disabled: no credentials are handed over until an "
            + "admin enables it again.";

    public Optional<Pending> pending(String deliveryId) {
        return task(deliveryId).map(task -> {
            String template = task.template();
            String subjectId = task.subjectId();
            String contactId = dispatcher.recipientContactId(template, subjectId);
            return new Pending(deliveryId, template, subjectId, contacts.get(contactId).email(), contactId,
                    dispatcher.recipientRefused(template, subjectId));
        });
    }

    /** The delivery (a {@code mail-delivery} instance) waiting for a hand-over whose subject is {@code subjectId}. */
    public Optional<String> deliveryWaitingFor(String subjectId) {
        return process.deliveryWaitingForHandOver(subjectId);
    }

    /**
     * Reveals the message with fresh credentials and completes the task; empty if nothing waits for a hand-over here.
     *
     * @throws ConflictException when the recipient's account is disabled: nothing is minted, the task stays
     */
    @Transactional
    public Optional<ComposedMail> reveal(String deliveryId, String actor) {
        Optional<HandOverTask> waiting = task(deliveryId);
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        HandOverTask task = waiting.get();
        String template = task.template();
        String subjectId = task.subjectId();
        if (dispatcher.recipientRefused(template, subjectId)) {
            // the same rule as an email's: a disabled account's credentials never leave, not even by hand
            throw new ConflictException(REFUSED, "deliveryId", Map.of());
        }
        // a mail-delivery's hand-over belongs to that delivery in the mail log; password-change's own is no delivery
        String mailDelivery = Elements.HAND_OVER_MANUALLY.equals(task.taskDefinitionKey()) ? deliveryId : null;
        ComposedMail mail = dispatcher.handOver(mailDelivery, template, subjectId, actor);
        process.completeHandOver(task.id(), actor);
        return Optional.of(mail);
    }

    private Optional<HandOverTask> task(String deliveryId) {
        if (deliveryId == null || deliveryId.length() > 64) {
            return Optional.empty();
        }
        return process.handOverTask(deliveryId, handOverTasks);
    }
}
