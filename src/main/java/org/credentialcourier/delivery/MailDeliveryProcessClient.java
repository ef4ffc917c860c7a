package org.credentialcourier.delivery;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.delivery.MailDeliveryProcess.Elements;
import org.credentialcourier.delivery.MailDeliveryProcess.Resolution;
import org.credentialcourier.delivery.MailDeliveryProcess.Vars;
import org.credentialcourier.system.process.EngineCalls;
import org.credentialcourier.system.web.BusyException;
import org.springframework.stereotype.Component;

/**
 * The only code outside the process's own delegates and listeners that speaks to the engine about process
 * {@code mail-delivery}: the hand-over by hand (whose task other processes model too, with the same variables), the
 * admin's "retry now" and "deliver by hand" from the mail log, and what a delivery waits for. Every call goes through
 * {@link EngineCalls#translated}, so callers see a {@code BusyException}, never an engine exception.
 */
@Component
public class MailDeliveryProcessClient {

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ManagementService management;

    public MailDeliveryProcessClient(RuntimeService runtime, TaskService tasks, ManagementService management) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.management = management;
    }

    /** A hand-over task that waits, with the message it hands over: the instance's template and subject. */
    public record HandOverTask(String id, String taskDefinitionKey, String template, String subjectId) {
    }

    /** The task of instance {@code instanceId} waiting at one of {@code taskKeys}, the hand-over tasks. */
    public Optional<HandOverTask> handOverTask(String instanceId, List<String> taskKeys) {
        return EngineCalls.translated(() -> Optional.ofNullable(tasks.createTaskQuery().processInstanceId(instanceId)
                .taskDefinitionKeyIn(taskKeys.toArray(String[]::new)).singleResult())
                .map(task -> new HandOverTask(task.getId(), task.getTaskDefinitionKey(),
                        (String) runtime.getVariable(task.getExecutionId(), Vars.MAIL_TEMPLATE),
                        (String) runtime.getVariable(task.getExecutionId(), Vars.SUBJECT_ID))));
    }

    /** Completes a hand-over task, naming the admin who saw the message. */
    public void completeHandOver(String taskId, String actor) {
        EngineCalls.translated(() -> {
            tasks.setVariable(taskId, Vars.HANDED_OVER_BY, actor);
            tasks.complete(taskId);
        });
    }

    /** The delivery waiting at "Hand over manually" whose subject is {@code subjectId}. */
    public Optional<String> deliveryWaitingForHandOver(String subjectId) {
        return EngineCalls.translated(() -> tasks.createTaskQuery()
                .processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                .taskDefinitionKey(Elements.HAND_OVER_MANUALLY)
                .processVariableValueEquals(Vars.SUBJECT_ID, subjectId)
                .list().stream().findFirst().map(Task::getProcessInstanceId));
    }

    /**
     * The subjects of the deliveries of {@code template} waiting at "Resolve failed delivery", of {@code subjectId}
     * only unless it is null.
     */
    public List<String> subjectsWaitingForResolution(String template, String subjectId) {
        return EngineCalls.translated(() -> {
            var query = tasks.createTaskQuery().processDefinitionKey(MailDeliveryProcess.PROCESS_KEY)
                    .taskDefinitionKey(Elements.RESOLVE_FAILED_DELIVERY)
                    .processVariableValueEquals(Vars.MAIL_TEMPLATE, template);
            if (subjectId != null) {
                query = query.processVariableValueEquals(Vars.SUBJECT_ID, subjectId);
            }
            return query.list().stream()
                    .map(task -> (String) runtime.getVariable(task.getExecutionId(), Vars.SUBJECT_ID)).toList();
        });
    }

    /** Whether {@code deliveryId} is a {@code mail-delivery} instance that has not ended. */
    public boolean isOpen(String deliveryId) {
        return EngineCalls.translated(() -> runtime.createProcessInstanceQuery().processInstanceId(deliveryId)
                .processDefinitionKey(MailDeliveryProcess.PROCESS_KEY).count() == 1);
    }

    /**
     * Completes the delivery's "Resolve failed delivery" with "retry now", assigned to {@code actor} as in Tasklist
     * (the task's listener records the choice for whoever the task is assigned to); false if it does not wait there.
     */
    public boolean retryNow(String deliveryId, String actor) {
        return resolve(deliveryId, actor, Resolution.RETRY);
    }

    private boolean resolve(String deliveryId, String actor, Resolution resolution) {
        return EngineCalls.translated(() -> {
            Task task = tasks.createTaskQuery().processInstanceId(deliveryId)
                    .taskDefinitionKey(Elements.RESOLVE_FAILED_DELIVERY).singleResult();
            if (task == null) {
                return false;
            }
            tasks.setAssignee(task.getId(), actor);
            tasks.complete(task.getId(), Map.of(Vars.RESOLUTION, resolution.code()));
            return true;
        });
    }

    /**
     * Completes the delivery's "Resolve failed delivery" with "deliver by hand", assigned to {@code actor} as in
     * Tasklist, then runs the continuation after the task at once, so that "Hand over manually" waits when the admin
     * arrives at the hand-over page; false if the delivery does not wait at "Resolve failed delivery". If the job
     * executor has taken the continuation at that moment, it creates the task instead.
     */
    public boolean handOverInstead(String deliveryId, String actor) {
        boolean decided = resolve(deliveryId, actor, Resolution.MANUAL);
        if (decided) {
            try {
                EngineCalls.translated(() -> {
                    Job next = management.createJobQuery().processInstanceId(deliveryId)
                            .activityId(Elements.RESOLVE_FAILED_DELIVERY).singleResult();
                    if (next != null) {
                        management.executeJob(next.getId());
                    }
                });
            } catch (BusyException takenByTheJobExecutor) {
                // the decision is made and committed; the job executor is running the same continuation
            }
        }
        return decided;
    }

    /** Fires the delivery's "Retry delay elapsed" timer now; false if the delivery does not wait for it. */
    public boolean skipRetryDelay(String deliveryId) {
        return EngineCalls.translated(() -> {
            Job timer = management.createJobQuery().processInstanceId(deliveryId).activityId(Elements.RETRY_DELAY)
                    .timers().singleResult();
            if (timer == null) {
                return false;
            }
            management.executeJob(timer.getId());
            return true;
        });
    }

    /** Whether the delivery waits at "Hand over manually". */
    public boolean waitsForHandOver(String deliveryId) {
        return EngineCalls.translated(() -> runtime.getActiveActivityIds(deliveryId)
                .contains(Elements.HAND_OVER_MANUALLY));
    }

    /** Whether the delivery stopped on a technical failure: a job with no retries left (an incident). */
    public boolean stoppedOnFailure(String deliveryId) {
        return EngineCalls.translated(() -> management.createJobQuery().processInstanceId(deliveryId)
                .noRetriesLeft().count() > 0);
    }
}
