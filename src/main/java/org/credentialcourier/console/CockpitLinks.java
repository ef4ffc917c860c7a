package org.credentialcourier.console;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.HistoryService;
import org.camunda.bpm.engine.history.HistoricVariableInstance;
import org.credentialcourier.invitation.InvitationProcess;
import org.springframework.stereotype.Component;

/**
 * Links from the console into Cockpit. An invitation's process instance is found by its variable
 * {@code invitationId} (the business key is only a label for people, see {@code BusinessKeys}); an expired invitation
 * that was resent has had several instances, and the newest is the one that tells its current state. The history
 * keeps the variables of running and ended instances alike (history level full), so one query serves a whole page of
 * invitations.
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
        Map<String, HistoricVariableInstance> newest = new HashMap<>();
        for (int from = 0; from < ids.size(); from += BATCH) {
            List<String> batch = ids.subList(from, Math.min(ids.size(), from + BATCH));
            StringBuilder in = new StringBuilder();
            var query = history.createNativeHistoricVariableInstanceQuery();
            for (int i = 0; i < batch.size(); i++) {
                in.append(i == 0 ? "" : ", ").append("#{id").append(i).append('}');
                query.parameter("id" + i, batch.get(i));
            }
            query.sql("SELECT * FROM ACT_HI_VARINST WHERE NAME_ = #{name} AND PROC_DEF_KEY_ = #{process}"
                            + " AND TEXT_ IN (" + in + ")")
                    .parameter("name", InvitationProcess.Vars.INVITATION_ID)
                    .parameter("process", InvitationProcess.PROCESS_KEY)
                    .list()
                    .forEach(variable -> newest.merge((String) variable.getValue(), variable,
                            (a, b) -> a.getCreateTime().before(b.getCreateTime()) ? b : a));
        }
        Map<String, String> links = new HashMap<>();
        newest.forEach((invitationId, variable) -> links.put(invitationId, instance(variable.getProcessInstanceId())));
        return links;
    }
}
