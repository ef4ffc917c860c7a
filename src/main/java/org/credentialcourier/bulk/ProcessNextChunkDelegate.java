package org.credentialcourier.bulk;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.springframework.stereotype.Component;

/**
 * "Process next chunk": one chunk of the run, then the progress for Cockpit and the loop's gateway; and the lines an
 * admin pasted into Tasklist's start form leave the history ({@link BulkProcessClient#forgetPastedLines}).
 */
@Component
public class ProcessNextChunkDelegate implements JavaDelegate {

    private final BulkChunks chunks;
    private final BulkService bulks;
    private final BulkProcessClient process;

    public ProcessNextChunkDelegate(BulkChunks chunks, BulkService bulks, BulkProcessClient process) {
        this.chunks = chunks;
        this.bulks = bulks;
        this.process = process;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String bulkId = (String) execution.getVariable(Vars.BULK_ID);
        chunks.processNextChunk(bulkId);
        // the run's items hold what it needs: the pasted lines, if any, leave the engine's history
        process.forgetPastedLines(execution.getProcessInstanceId());
        Progress.write(execution, bulks.get(bulkId).total(), bulks.counts(bulkId));
    }

    /** The run's progress as process variables. */
    static final class Progress {
        private Progress() {
        }

        static void write(DelegateExecution execution, int total, Map<BulkOutcome, Integer> counts) {
            execution.setVariable(Vars.ITEMS_TOTAL, total);
            execution.setVariable(Vars.ITEMS_DONE, counts.get(BulkOutcome.DONE));
            execution.setVariable(Vars.ITEMS_SKIPPED, counts.get(BulkOutcome.SKIPPED));
            execution.setVariable(Vars.ITEMS_QUEUED, counts.get(BulkOutcome.QUEUED));
        }
    }
}
