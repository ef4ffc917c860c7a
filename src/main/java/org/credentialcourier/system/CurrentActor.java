package org.credentialcourier.system;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.impl.identity.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/**
 * Who is acting: the signed-in API or console user, else the Camunda user working in Tasklist, else the engine
 * itself (a timer, a retry) as {@code system}. Recorded in histories and the mail log.
 */
@Component
public class CurrentActor {

    public static final String SYSTEM = "system";

    private final IdentityService identityService;

    public CurrentActor(IdentityService identityService) {
        this.identityService = identityService;
    }

    public String name() {
        var authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && authentication.isAuthenticated()
                && !"anonymousUser".equals(authentication.getName())) {
            return authentication.getName();
        }
        Authentication camunda = identityService.getCurrentAuthentication();
        if (camunda != null && camunda.getUserId() != null) {
            return camunda.getUserId();
        }
        return SYSTEM;
    }
}
