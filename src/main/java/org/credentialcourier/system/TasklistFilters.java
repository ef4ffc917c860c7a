package org.credentialcourier.system;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.task.TaskQuery;
import org.credentialcourier.delivery.MailDeliveryProcess;
import org.credentialcourier.password.PasswordChangeProcess;
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
 */
@Component
public class TasklistFilters {

    public static final String FAILED_DELIVERIES = "Failed deliveries";
    public static final String MANUAL_HAND_OVERS = "Manual hand-overs";
    public static final String ALL_MY_TASKS = "All my tasks";

    private static final Logger log = LoggerFactory.getLogger(TasklistFilters.class);

    /** The variables the task list shows under each task of the delivery filters: where it went, what went wrong. */
    private static final List<Map<String, Object>> DELIVERY_VARIABLES = List.of(
            variable(MailDeliveryProcess.Vars.RECIPIENT_EMAIL, "Recipient"),
            variable(MailDeliveryProcess.Vars.LAST_DELIVERY_ERROR, "Last error"));

    private final FilterService filterService;
    private final TaskService taskService;

    public TasklistFilters(FilterService filterService, TaskService taskService) {
        this.filterService = filterService;
        this.taskService = taskService;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void ensureFilters() {
        ensure(FAILED_DELIVERIES, taskService.createTaskQuery()
                        .taskDefinitionKey(MailDeliveryProcess.Elements.RESOLVE_FAILED_DELIVERY),
                properties("Emails that could not be delivered: retry, correct the address, hand over or cancel",
                        10, DELIVERY_VARIABLES));
        ensure(MANUAL_HAND_OVERS, taskService.createTaskQuery()
                        .taskDefinitionKeyIn(MailDeliveryProcess.Elements.HAND_OVER_MANUALLY,
                                PasswordChangeProcess.Elements.HAND_OVER_NEW_PASSWORD),
                properties("Messages and new passwords to hand over by hand, through the hand-over page",
                        20, DELIVERY_VARIABLES));
        ensure(ALL_MY_TASKS, taskService.createTaskQuery().taskAssigneeExpression("${currentUser()}"),
                properties("The tasks assigned to me", 30, null));
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

    private static Map<String, Object> variable(String name, String label) {
        Map<String, Object> variable = new LinkedHashMap<>();
        variable.put("name", name);
        variable.put("label", label);
        return variable;
    }
}
