package org.credentialcourier.console;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricProcessInstance;
import org.credentialcourier.invitation.InvitationProcess;
import org.springframework.stereotype.Component;

/**
 * Links from the console into Cockpit. An invitation's process instance is found by its business key, the invitation
 * id; an expired invitation that was resent has had several instances, and the newest is the one that tells its
 * current state. The history query finds running and ended instances alike (history level full), so one query serves
 * a whole page of invitations.
 */
@Component
public class CockpitLinks {

    static final String COCKPIT = "/camunda/app/cockpit/default/";
    private static final int BATCH = 500;

    private final HistoryService history;

    public CockpitLinks(HistoryService history) {
        this.history = history;
    }

    /** The Cockpit page of a process instance. */
    public static String instance(String processInstanceId) {
        return COCKPIT + "#/process-instance/" + processInstanceId;
    }

    /** Invitation id to the Cockpit page of its newest process instance; invitations without one are left out. */
    public Map<String, String> forInvitations(Collection<String> invitationIds) {
        List<String> ids = List.copyOf(new LinkedHashSet<>(invitationIds));
        Map<String, HistoricProcessInstance> newest = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            history.createHistoricProcessInstanceQuery()
                    .processDefinitionKey(InvitationProcess.PROCESS_KEY)
                    .processInstanceBusinessKeyIn(batch.toArray(String[]::new))
                    .list()
                    .forEach(instance -> newest.merge(instance.getBusinessKey(), instance,
                            (a, b) -> a.getStartTime().before(b.getStartTime()) ? b : a));
        }
        Map<String, String> links = new HashMap<>();
        newest.forEach((invitationId, instance) -> links.put(invitationId, instance(instance.getId())));
        return links;
    }
}
