package org.credentialcourier.bulk;

import java.util.Optional;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.bulk.BulkInvitationProcess.Elements;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.system.process.EngineCalls;
import org.springframework.stereotype.Component;

/**
 * The only code outside the process's own delegates that speaks to the engine about process {@code bulk-invitation}:
 * it starts an instance for a recorded run and finds its review task. Every call goes through
 * {@link EngineCalls#translated}, so callers see a {@code BusyException}, never an engine exception.
 */
@Component
public class BulkProcessClient {

    private final RuntimeService runtime;
    private final TaskService tasks;

    public BulkProcessClient(RuntimeService runtime, TaskService tasks) {
        this.runtime = runtime;
        this.tasks = tasks;
    }

    /** Starts the process for a run recorded already ("Register bulk" then finds it): the process instance's id. */
    public String start(String bulkId, BulkAction action) {
        return EngineCalls.translated(() -> runtime.createProcessInstanceByKey(BulkInvitationProcess.PROCESS_KEY)
                .businessKey(BulkInvitationProcess.businessKey(action, bulkId))
                .setVariable(Vars.BULK_ID, bulkId)
                .setVariable(Vars.ACTION, action.code())
                .execute()
                .getId());
    }

    /** The id of the instance's "Review bulk result" task, while it waits. */
    public Optional<String> reviewTask(String processInstanceId) {
        return EngineCalls.translated(() -> tasks.createTaskQuery().processInstanceId(processInstanceId)
                .taskDefinitionKey(Elements.REVIEW_RESULT).list().stream().findFirst().map(Task::getId));
    }
}
