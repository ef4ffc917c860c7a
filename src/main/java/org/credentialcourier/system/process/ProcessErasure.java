package org.credentialcourier.system.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstanceQuery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Erases process instances about one subject from the engine, running or ended, with the instances they called (the
 * deliveries of their emails), when a person is deleted: a process's variables may hold their address
 * ({@code contactEmail}, {@code recipientEmail}, {@code correctedEmail}, an SMTP reply in {@code lastDeliveryError}).
 * Each process's client deletes its running instances through {@link #deleteRunning} (no listener runs, so no email
 * leaves and no row of the application changes behind the caller's back); then {@link #eraseHistory} deletes their
 * history whole: variables and their updates ({@code ACT_HI_VARINST}, {@code ACT_HI_DETAIL}), activities, tasks,
 * incidents, job logs and the business key. {@link #eraseVariableHistory} erases one variable's history only, where
 * the rest of an instance's history is kept.
 */
@Component
public class ProcessErasure {

    private final HistoryService history;
    private final JdbcClient jdbc;

    public ProcessErasure(HistoryService history, JdbcClient jdbc) {
        this.history = history;
        this.jdbc = jdbc;
    }

    /** Deletes what the query finds with {@code deletion} (the client's own engine call), translated once. */
    public static void deleteRunning(ProcessInstanceQuery query, Consumer<List<String>> deletion) {
        List<String> running = query.list().stream().map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            EngineCalls.translated(() -> deletion.accept(running));
        }
    }

    /** Erases the history of the ended instances whose variable is {@code value}, and of what they called; how many. */
    public int eraseHistory(String variable, String value) {
        Set<String> ended = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>();
        history.createHistoricProcessInstanceQuery().variableValueEquals(variable, value).list()
                .forEach(instance -> next.add(instance.getId()));
        while (!next.isEmpty()) {
            String id = next.poll();
            if (ended.add(id)) {
                history.createHistoricProcessInstanceQuery().superProcessInstanceId(id).list().stream()
                        .map(HistoricProcessInstance::getId).forEach(next::add);
            }
        }
        if (!ended.isEmpty()) {
            EngineCalls.translated(() -> history.deleteHistoricProcessInstancesIfExists(new ArrayList<>(ended)));
        }
        return ended.size();
    }

    /**
     * The values a variable had in the history of a process's instances (removed ones included), by the historic
     * variable's id: what {@link #eraseVariableHistory} is given back for those to erase.
     */
    public List<HistoricVariableInstance> variableHistory(String processKey, String variable) {
        return EngineCalls.translated(() -> history.createHistoricVariableInstanceQuery().processDefinitionKey(processKey)
                .variableName(variable).includeDeleted().disableCustomObjectDeserialization().list());
    }

    /**
     * Erases one variable's history in one instance, the rest of its history kept: every value it had
     * ({@code ACT_HI_VARINST}, its updates in {@code ACT_HI_DETAIL}, their byte arrays), removed from the instance or
     * not, and the start or task form's record of the value submitted under that name ({@code ACT_HI_DETAIL} of type
     * {@code FormProperty}, which the engine keys by name only and offers no call to delete); how many values.
     */
    public int eraseVariableHistory(String processInstanceId, String variable) {
        List<String> ids = EngineCalls.translated(() -> history.createHistoricVariableInstanceQuery()
                .processInstanceId(processInstanceId).variableName(variable).includeDeleted().list().stream()
                .map(HistoricVariableInstance::getId).toList());
        ids.forEach(id -> EngineCalls.translated(() -> history.deleteHistoricVariableInstance(id)));
        jdbc.sql("DELETE FROM ACT_HI_DETAIL WHERE TYPE_ = 'FormProperty' AND PROC_INST_ID_ = :instance"
                        + " AND NAME_ = :name")
                .param("instance", processInstanceId).param("name", variable).update();
        return ids.size();
    }
}
