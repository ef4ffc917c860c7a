package org.credentialcourier.console;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Resolution;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.delivery.MailDispatcher;
import org.credentialcourier.mail.MailLog;
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
 */
@Component
class MailRetries {

    private final MailLog mailLog;
    private final TaskService tasks;
    private final RuntimeService runtime;
    private final MailDispatcher dispatcher;

    private final MailLogRetry mailLogRetry;

    MailRetries(MailLog mailLog, TaskService tasks, RuntimeService runtime, MailDispatcher dispatcher,
                MailLogRetry mailLogRetry) {
        this.mailLogRetry = mailLogRetry;
        this.mailLog = mailLog;
        this.tasks = tasks;
        this.runtime = runtime;
        this.dispatcher = dispatcher;
    }

    /** The rows of a contact's mail log that can be retried now. */
    Set<Long> retryable(List<MailLogEntry> mails) {
        Set<Long> ids = new HashSet<>();
        latestFailed(mails).forEach((template, entry) -> {
            if (waitingTask(entry).isPresent()) {
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

    /** The "Resolve failed delivery" task of a delivery of this template to this entry's contact. */
    private Optional<Task> waitingTask(MailLogEntry entry) {
        var query = tasks.createTaskQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                .taskDefinitionKey(Elements.RESOLVE_FAILED_DELIVERY)
                .processVariableValueEquals(Vars.MAIL_TEMPLATE, entry.template());
        if (entry.invitationId() != null) {
            // an invitation's emails are about the invitation: its id is the delivery's subject
            query = query.processVariableValueEquals(Vars.SUBJECT_ID, entry.invitationId());
        }
        return query.list().stream()
                .filter(task -> entry.contactId().equals(dispatcher.recipientContactId(entry.template(),
                        (String) runtime.getVariable(task.getExecutionId(), Vars.SUBJECT_ID))))
                .findFirst();
    }
}
