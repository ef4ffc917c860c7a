package org.credentialcourier.bulk;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.system.CurrentActor;
import org.credentialcourier.system.process.FormInput;
import org.credentialcourier.system.web.ConflictException;
import org.credentialcourier.system.web.InvalidInputException;
import org.springframework.stereotype.Component;

/**
 * "Register bulk": over REST or the console the run was started through {@link BulkService#start} and is recorded
 * already; from Tasklist's start form it goes through that same start here, with this instance, in the start's
 * transaction, so that a refusal reaches the admin in Tasklist and nothing is started.
 */
@Component
public class RegisterBulkDelegate implements JavaDelegate {

    private final BulkService bulks;
    private final CurrentActor actor;

    public RegisterBulkDelegate(BulkService bulks, CurrentActor actor) {
        this.bulks = bulks;
        this.actor = actor;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String bulkId = (String) execution.getVariable(Vars.BULK_ID);
        if (bulkId != null) {
            bulks.get(bulkId);
            return;
        }
        String initiator = (String) execution.getVariable(Vars.INITIATOR);
        BulkRun run;
        try {
            BulkPlan plan = bulks.planStartForm((String) execution.getVariable(Vars.SELECTION),
                    (String) execution.getVariable(Vars.ADDRESSES));
            run = bulks.start(plan, initiator != null ? initiator : actor.name(), execution.getProcessInstanceId());
        } catch (InvalidInputException | ConflictException refused) {
            throw FormInput.refused(refused instanceof InvalidInputException invalid ? invalid.field() : Vars.SELECTION,
                    refused.getMessage());
        }
        execution.setVariable(Vars.BULK_ID, run.id());
        execution.setVariable(Vars.ACTION, run.action().code());
        execution.setProcessBusinessKey(BulkInvitationProcess.businessKey(run.action(), run.id()));
        // the pasted text has served its purpose: the items hold what the run needs
        execution.removeVariable(Vars.ADDRESSES);
    }
}
