package org.credentialcourier.security;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.Group;
import org.springframework.boot.context.event.ApplicationStartedEvent;
import org.camunda.bpm.spring.boot.starter.property.CamundaBpmProperties;
import org.credentialcourier.system.CourierProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates the admins' group ({@code courier.admin-group}, default {@code credential-admins}) on first start and puts
 * the configured Camunda admin user ({@code camunda.bpm.admin-user}, the demo admin on the embedded defaults) in it.
 */
@Component
public class AdminGroupSetup {

    private static final Logger log = LoggerFactory.getLogger(AdminGroupSetup.class);

    private final IdentityService identityService;
    private final CourierProperties courier;
    private final CamundaBpmProperties camunda;

    public AdminGroupSetup(IdentityService identityService, CourierProperties courier, CamundaBpmProperties camunda) {
        this.identityService = identityService;
        this.courier = courier;
        this.camunda = camunda;
    }

    @EventListener(ApplicationStartedEvent.class)
    public void ensureAdminGroup() {
        String groupId = courier.adminGroup();
        if (identityService.createGroupQuery().groupId(groupId).singleResult() == null) {
            Group group = identityService.newGroup(groupId);
            group.setName("Credential admins");
            group.setType("WORKFLOW");
            identityService.saveGroup(group);
            log.info("Created group {}", groupId);
        }
        var admin = camunda.getAdminUser();
        if (admin != null && admin.getId() != null
                && identityService.createUserQuery().userId(admin.getId()).singleResult() != null
                && identityService.createUserQuery().userId(admin.getId()).memberOfGroup(groupId).singleResult() == null) {
            identityService.createMembership(admin.getId(), groupId);
            log.info("Added user {} to group {}", admin.getId(), groupId);
        }
    }
}
