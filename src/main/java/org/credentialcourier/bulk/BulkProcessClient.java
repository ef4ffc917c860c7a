package org.credentialcourier.bulk;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.task.Task;
import org.credentialcourier.bulk.BulkInvitationProcess.Elements;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.system.process.EngineCalls;
import org.credentialcourier.system.process.ProcessErasure;
import org.springframework.stereotype.Component;

/**
 * The only code outside the process's own delegates that speaks to the engine about process {@code bulk-invitation}:
 * it starts an instance for a recorded run, finds its review task, and forgets the addresses an admin pasted into
 * Tasklist's start form once the run has recorded them. Every call goes through
 * {@link EngineCalls#translated}, so callers see a {@code BusyException}, never an engine exception.
 */
@Component
public class BulkProcessClient {

    private final RuntimeService runtime;
    private final TaskService tasks;
    private final ProcessErasure erasure;

    public BulkProcessClient(RuntimeService runtime, TaskService tasks, ProcessErasure erasure) {
        this.runtime = runtime;
        this.tasks = tasks;
        this.erasure = erasure;
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

    /**
     * Forgets the lines pasted into Tasklist's start form ({@code addresses}): "Register bulk" removed the variable
     * once the run had recorded its items, but the engine's history keeps every value a variable had, and the list
     * names people who may later be deleted. Called by each chunk, in a transaction after the start's.
     */
    public void forgetPastedLines(String processInstanceId) {
        erasure.eraseVariableHistory(processInstanceId, Vars.ADDRESSES);
    }

    /**
     * Forgets every pasted list that names one of these addresses (in any case), for a person's deletion: a run that
     * has not yet carried out a chunk, or one from before the lists were forgotten, may still hold one; how many.
     */
    public int forgetPastedLinesNaming(Collection<String> addresses) {
        Set<String> instances = new LinkedHashSet<>();
        for (var value : erasure.variableHistory(BulkInvitationProcess.PROCESS_KEY, Vars.ADDRESSES)) {
            String lines = value.getValue() instanceof String text ? text.toLowerCase(Locale.ROOT) : "";
            if (addresses.stream().anyMatch(address -> lines.contains(address.toLowerCase(Locale.ROOT)))) {
                instances.add(value.getProcessInstanceId());
            }
        }
        instances.forEach(this::forgetPastedLines);
        return instances.size();
    }
}
