package org.credentialcourier.security;

import java.util.List;

import org.camunda.bpm.engine.AuthorizationService;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.authorization.Authorization;
import org.camunda.bpm.engine.authorization.Permission;
import org.camunda.bpm.engine.authorization.Permissions;
import org.camunda.bpm.engine.authorization.ProcessDefinitionPermissions;
import org.camunda.bpm.engine.authorization.ProcessInstancePermissions;
import org.camunda.bpm.engine.authorization.Resource;
import org.camunda.bpm.engine.authorization.Resources;
import org.camunda.bpm.engine.authorization.TaskPermissions;
import org.camunda.bpm.engine.identity.Group;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.credentialcourier.system.CourierProperties;
import org.credentialcourier.system.process.ProcessContribution;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Who may do what in the webapps and the engine, created on first start (and completed on every start):
 * <ul>
 * <li>{@code courier.admin-group} (default {@code credential-admins}): Tasklist; start the credential processes (each
 * feature declares its own, {@link ProcessContribution}), see and work their tasks, read their instances and history;
 * the application's API and admin pages (Spring Security). The configured Camunda admin user
 * ({@code camunda.bpm.admin-user}) joins it.</li>
 * <li>{@code process-owners}: Cockpit; read every definition, instance, incident and history, and retry failed jobs;
 * no starting of processes, no task work.</li>
 * </ul>
 * Enforced because {@code camunda.bpm.authorization.enabled} is true.
 */
@Component
public class AccessControlSetup {

    public static final String PROCESS_OWNERS = "process-owners";
    private static final Logger log = LoggerFactory.getLogger(AccessControlSetup.class);

    private final IdentityService identityService;
    private final AuthorizationService authorizations;
    private final CourierProperties courier;
    private final CamundaBpmProperties camunda;
    private final List<ProcessContribution> credentialProcesses;

    public AccessControlSetup(IdentityService identityService, AuthorizationService authorizations,
                              CourierProperties courier, CamundaBpmProperties camunda,
                              List<ProcessContribution> credentialProcesses) {
        this.identityService = identityService;
        this.authorizations = authorizations;
        this.courier = courier;
        this.camunda = camunda;
        this.credentialProcesses = credentialProcesses;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void setUp() {
        String admins = courier.adminGroup();
        group(admins, "Credential admins");
        group(PROCESS_OWNERS, "Process owners");
        adminJoinsGroup(admins);

        grant(admins, Resources.APPLICATION, "tasklist", Permissions.ACCESS);
        for (ProcessContribution process : credentialProcesses) {
            grant(admins, Resources.PROCESS_DEFINITION, process.processKey(), ProcessDefinitionPermissions.READ,
                    ProcessDefinitionPermissions.CREATE_INSTANCE, ProcessDefinitionPermissions.READ_INSTANCE,
                    ProcessDefinitionPermissions.UPDATE_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                    ProcessDefinitionPermissions.READ_TASK, ProcessDefinitionPermissions.UPDATE_TASK,
                    ProcessDefinitionPermissions.TASK_WORK, ProcessDefinitionPermissions.TASK_ASSIGN);
        }
        grant(admins, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.CREATE);
        grant(admins, Resources.TASK, "*", TaskPermissions.READ, TaskPermissions.UPDATE, TaskPermissions.TASK_WORK,
                TaskPermissions.TASK_ASSIGN);
        grant(admins, Resources.FILTER, "*", Permissions.READ);
        grant(admins, Resources.DEPLOYMENT, "*", Permissions.READ);
        grant(admins, Resources.USER, "*", Permissions.READ);
        grant(admins, Resources.GROUP, "*", Permissions.READ);

        grant(PROCESS_OWNERS, Resources.APPLICATION, "cockpit", Permissions.ACCESS);
        grant(PROCESS_OWNERS, Resources.PROCESS_DEFINITION, "*", ProcessDefinitionPermissions.READ,
                ProcessDefinitionPermissions.READ_INSTANCE, ProcessDefinitionPermissions.READ_HISTORY,
                ProcessDefinitionPermissions.RETRY_JOB);
        grant(PROCESS_OWNERS, Resources.PROCESS_INSTANCE, "*", ProcessInstancePermissions.READ,
                ProcessInstancePermissions.RETRY_JOB);
        grant(PROCESS_OWNERS, Resources.DEPLOYMENT, "*", Permissions.READ);
        grant(PROCESS_OWNERS, Resources.USER, "*", Permissions.READ);
        grant(PROCESS_OWNERS, Resources.GROUP, "*", Permissions.READ);
    }

    private void group(String id, String name) {
        if (identityService.createGroupQuery().groupId(id).singleResult() == null) {
            Group group = identityService.newGroup(id);
            group.setName(name);
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group {}", id);
        }
    }

    private void adminJoinsGroup(String groupId) {
        var admin = camunda.getAdminUser();
        if (admin != null && admin.getId() != null
                && identityService.createUserQuery().userId(admin.getId()).singleResult() != null
                && identityService.createUserQuery().userId(admin.getId()).memberOfGroup(groupId).singleResult() == null) {
            identityService.createMembership(admin.getId(), groupId);
            log.info("Added user {} to group {}", admin.getId(), groupId);
        }
    }

    /** Grants the permissions to the group on the resource, adding to what it has; idempotent. */
    private void grant(String group, Resource resource, String resourceId, Permission... permissions) {
        Authorization existing = authorizations.createAuthorizationQuery().groupIdIn(group)
                .resourceType(resource).resourceId(resourceId).authorizationType(Authorization.AUTH_TYPE_GRANT)
                .singleResult();
        Authorization authorization = existing != null ? existing
                : authorizations.createNewAuthorization(Authorization.AUTH_TYPE_GRANT);
        if (existing == null) {
            authorization.setGroupId(group);
            authorization.setResource(resource);
            authorization.setResourceId(resourceId);
        }
        for (Permission permission : permissions) {
            authorization.addPermission(permission);
        }
        authorizations.saveAuthorization(authorization);
    }
}
