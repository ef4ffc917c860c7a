package org.credentialcourier.delivery;

import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.mail.ComposedMail;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Delivery by hand: for a delivery waiting at "Hand over by hand", composes the message with fresh credentials, shows
 * it to the admin exactly once, records who saw it, and completes the task, all in one transaction.
 */
@Service
public class HandOver {

    private final TaskService tasks;
    private final RuntimeService runtime;
    private final MailDispatcher dispatcher;

    public HandOver(TaskService tasks, RuntimeService runtime, MailDispatcher dispatcher) {
        this.tasks = tasks;
        this.runtime = runtime;
        this.dispatcher = dispatcher;
    }

    /** What the admin is about to reveal: the delivery's template and recipient. Nothing secret. */
    public record Pending(String deliveryId, String template, String subjectId, String recipientEmail) {
    }

    public Optional<Pending> pending(String deliveryId) {
        return task(deliveryId).map(task -> new Pending(deliveryId,
                (String) runtime.getVariable(task.getExecutionId(), Vars.MAIL_TEMPLATE),
                (String) runtime.getVariable(task.getExecutionId(), Vars.SUBJECT_ID),
                (String) runtime.getVariable(task.getExecutionId(), Vars.RECIPIENT_EMAIL)));
    }

    /** The delivery (a {@code mail-delivery} instance) waiting for a hand-over whose subject is {@code subjectId}. */
    public Optional<String> deliveryWaitingFor(String subjectId) {
        return tasks.createTaskQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                .taskDefinitionKey(Elements.HAND_OVER_MANUALLY)
                .processVariableValueEquals(Vars.SUBJECT_ID, subjectId)
                .list().stream().findFirst().map(Task::getProcessInstanceId);
    }

    @Transactional
    public Optional<ComposedMail> reveal(String deliveryId, String actor) {
        Optional<Task> waiting = task(deliveryId);
        if (waiting.isEmpty()) {
            return Optional.empty();
        }
        Task task = waiting.get();
        String template = (String) runtime.getVariable(task.getExecutionId(), Vars.MAIL_TEMPLATE);
        String subjectId = (String) runtime.getVariable(task.getExecutionId(), Vars.SUBJECT_ID);
        ComposedMail mail = dispatcher.handOver(template, subjectId, actor);
        tasks.setVariable(task.getId(), Vars.HANDED_OVER_BY, actor);
        tasks.complete(task.getId());
        return Optional.of(mail);
    }

    private Optional<Task> task(String deliveryId) {
        if (deliveryId == null || deliveryId.length() > 64) {
            return Optional.empty();
        }
        return Optional.ofNullable(tasks.createTaskQuery().processInstanceId(deliveryId)
                .taskDefinitionKey(Elements.HAND_OVER_MANUALLY).singleResult());
    }
}
