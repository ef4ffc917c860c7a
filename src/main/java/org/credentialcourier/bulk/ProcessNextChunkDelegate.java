package org.credentialcourier.bulk;

import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.springframework.stereotype.Component;

/** "Process next chunk": one chunk of the run, then the progress for Cockpit and the loop's gateway. */
@Component
public class ProcessNextChunkDelegate implements JavaDelegate {

    private final BulkChunks chunks;
    private final BulkService bulks;

    public ProcessNextChunkDelegate(BulkChunks chunks, BulkService bulks) {
        this.chunks = chunks;
        this.bulks = bulks;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String bulkId = (String) execution.getVariable(Vars.BULK_ID);
        chunks.processNextChunk(bulkId);
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
