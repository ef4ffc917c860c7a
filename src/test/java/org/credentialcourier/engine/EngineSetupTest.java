package org.credentialcourier.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.FilterService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.filter.Filter;
import org.camunda.bpm.engine.impl.TaskQueryImpl;
import org.credentialcourier.support.CourierTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * What the engine setup makes of the processes: the Tasklist filters over their admin tasks and the credential admins'
 * rights on each. The processes contribute these themselves; this pins the result, so that adding or moving a
 * contribution cannot quietly drop a task from a filter or a process from the admins.
 */
@CourierTest
class EngineSetupTest {

    /** Where the email went and what went wrong, under each task of both delivery filters. */
    private static final List<Map<String, String>> DELIVERY_VARIABLES = List.of(
            Map.of("name", "recipientEmail", "label", "Recipient"),
            Map.of("name", "lastDeliveryError", "label", "Last error"));

    @Autowired FilterService filters;
    @Autowired AuthorizationService authorizations;

    @Test
    void failedDeliveriesListResolveFailedDeliveryWithRecipientAndLastError() {
        Filter filter = filter(TasklistFilters.FAILED_DELIVERIES);
        TaskQueryImpl query = filter.getQuery();
        assertThat(query.getKey()).isEqualTo("Task_ResolveFailedDelivery");
        assertThat(query.getKeys()).isNull();
        assertThat(filter.getProperties()).containsEntry("priority", 10).containsEntry("variables", DELIVERY_VARIABLES);
    }

    @Test
    void manualHandOversListBothHandOverTasksWithRecipientAndLastError() {
        Filter filter = filter(TasklistFilters.MANUAL_HAND_OVERS);
        TaskQueryImpl query = filter.getQuery();
        assertThat(query.getKey()).isNull();
        assertThat(query.getKeys()).containsExactly("Task_HandOverManually", "Task_HandOverNewPassword");
        assertThat(filter.getProperties()).containsEntry("priority", 20).containsEntry("variables", DELIVERY_VARIABLES);
    }

    @Test
    void allMyTasksShowsNoVariables() {
        Filter filter = filter(TasklistFilters.ALL_MY_TASKS);
        assertThat(filter.getProperties()).containsEntry("priority", 30).doesNotContainKey("variables");
    }

    @Test
    void credentialAdminsStartAndWorkEachCredentialProcess() {
        for (String process : List.of("invitation", "password-change", "password-reset", "mail-delivery",
                "bulk-invitation")) {
            Authorization grant = authorizations.createAuthorizationQuery().groupIdIn("credential-admins")
                    .resourceType(Resources.PROCESS_DEFINITION).resourceId(process).singleResult();
            assertThat(grant).as(process).isNotNull();
            assertThat(grant.isPermissionGranted(ProcessDefinitionPermissions.CREATE_INSTANCE)).as(process).isTrue();
            assertThat(grant.isPermissionGranted(ProcessDefinitionPermissions.TASK_WORK)).as(process).isTrue();
        }
        assertThat(authorizations.createAuthorizationQuery().groupIdIn("credential-admins")
                .resourceType(Resources.PROCESS_DEFINITION).count()).isEqualTo(5);
    }

    private Filter filter(String name) {
        Filter filter = filters.createTaskFilterQuery().filterName(name).singleResult();
        assertThat(filter).as(name).isNotNull();
        return filter;
    }
}
