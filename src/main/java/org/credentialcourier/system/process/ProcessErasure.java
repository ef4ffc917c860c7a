package org.credentialcourier.system.process;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.camunda.bpm.engine.runtime.ProcessInstance;
import org.springframework.stereotype.Component;

/**
 * Erases every process instance about one subject from the engine, running or ended, with the instances they called
 * (the deliveries of their emails): the running ones are deleted (their open work ends, no listener runs, so no email
 * leaves and no row of the application changes behind the caller's back), then their history goes whole: variables
 * and their updates ({@code ACT_HI_VARINST}, {@code ACT_HI_DETAIL}), activities, tasks, incidents, job logs and the
 * business key. Used when a person is deleted, since a process's variables may hold their address
 * ({@code contactEmail}, {@code recipientEmail}, {@code correctedEmail}, an SMTP reply in {@code lastDeliveryError}).
 * Process-independent, so it sits here rather than in one process's client; each call is translated by
 * {@link EngineCalls}.
 */
@Component
public class ProcessErasure {

    private final RuntimeService runtime;
    private final HistoryService history;

    public ProcessErasure(RuntimeService runtime, HistoryService history) {
        this.runtime = runtime;
        this.history = history;
    }

    /** Erases the instances whose variable {@code variable} is {@code value}, and what they called; how many. */
    public int erase(String variable, String value, String reason) {
        List<String> running = runtime.createProcessInstanceQuery().variableValueEquals(variable, value).list()
                .stream().map(ProcessInstance::getId).toList();
        if (!running.isEmpty()) {
            EngineCalls.translated(() -> runtime.deleteProcessInstancesIfExists(running, reason, true, true, false));
        }
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
}
