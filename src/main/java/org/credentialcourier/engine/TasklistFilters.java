package org.credentialcourier.engine;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.credentialcourier.system.process.ProcessContribution;
import org.credentialcourier.system.process.ProcessContribution.ShownVariable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the shared Tasklist filters an admin works from, on first start: "Failed deliveries" (the tasks "Resolve
 * failed delivery"), "Manual hand-overs" (the tasks "Hand over manually" and "Hand over the new password") and "All my
 * tasks". Without them every admin would have to build the same filters by hand, and the list "All tasks" would not
 * show to whom a stuck email was going nor why it failed. A filter is created only when none of its name exists, so a
 * restart, or an admin's own edit of a filter, is left alone.
 * <p>
 * The tasks and the variables shown under them come from the processes ({@link ProcessContribution}), taken in the
 * order of their keys so that a new database always gets the same filters.
 */
@Component
public class TasklistFilters {

    public static final String FAILED_DELIVERIES = "Failed deliveries";
    public static final String MANUAL_HAND_OVERS = "Manual hand-overs";
    public static final String ALL_MY_TASKS = "All my tasks";

    private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

    private final FilterService filterService;
    private final TaskService taskService;
    private final List<ProcessContribution> processes;

    public TasklistFilters(FilterService filterService, TaskService taskService, List<ProcessContribution> processes) {
        this.filterService = filterService;
        this.taskService = taskService;
        this.processes = processes.stream().sorted(Comparator.comparing(ProcessContribution::processKey)).toList();
    }

    @EventListener(ApplicationStartedEvent.class)
    public void ensureFilters() {
        ensureForTasks(FAILED_DELIVERIES, ProcessContribution::failedDeliveryTasks,
                "Emails that could not be delivered: retry, correct the address, hand over or cancel", 10);
        ensureForTasks(MANUAL_HAND_OVERS, ProcessContribution::handOverTasks,
                "Messages and new passwords to hand over by hand, through the hand-over page", 20);
        ensure(ALL_MY_TASKS, taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"),
                properties("The tasks assigned to me", 30, null));
    }

    /** A filter over the tasks the processes name for it, showing the variables of those processes. */
    private void ensureForTasks(String name, Function<ProcessContribution, List<String>> tasksOf, String description,
                                int priority) {
        List<ProcessContribution> contributing = processes.stream().filter(p -> !tasksOf.apply(p).isEmpty()).toList();
        String[] keys = contributing.stream().flatMap(p -> tasksOf.apply(p).stream()).toArray(String[]::new);
        if (keys.length == 0) {
            return;
        }
        List<Map<String, Object>> variables = contributing.stream().flatMap(p -> p.shownVariables().stream())
                .distinct().map(TasklistFilters::variable).toList();
        // one task is asked by key, as the filter "Failed deliveries" always was
        TaskQuery query = keys.length == 1 ? taskService.createTaskQuery().taskDefinitionKey(keys[0])
                : taskService.createTaskQuery().taskDefinitionKeyIn(keys);
        ensure(name, query, properties(description, priority, variables.isEmpty() ? null : variables));
    }

    private void ensure(String name, TaskQuery query, Map<String, Object> properties) {
        if (filterService.createTaskFilterQuery().filterName(name).count() > 0) {
            return;
        }
        Filter filter = filterService.newTaskFilter(name);
        filter.setOwner(null);
        filter.setQuery(query);
        filter.setProperties(properties);
        filterService.saveFilter(filter);
        log.info("Created Tasklist filter {}", name);
    }

    private static Map<String, Object> properties(String description, int priority,
                                                  List<Map<String, Object>> variables) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("description", description);
        properties.put("priority", priority);
        properties.put("refresh", true);
        if (variables != null) {
            properties.put("variables", variables);
        }
        return properties;
    }

    private static Map<String, Object> variable(ShownVariable shown) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", shown.name());
        variable.put("label", shown.label());
        return variable;
    }
}
