package org.credentialcourier.bulk;

import java.util.List;
import java.util.Map;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.credentialcourier.bulk.BulkInvitationProcess.Vars;
import org.credentialcourier.system.CourierProperties;
import org.springframework.stereotype.Component;

/**
 * "Summarise bulk": the run is finished; the counts and, for the review, what was skipped and why, each item by its
 * row or number and never by its address: a process variable outlives a deleted person in the engine's history,
 * while the run's page (the review's link) shows the labels the deletion erases.
 */
@Component
public class SummariseBulkDelegate implements JavaDelegate {

    /** Camunda keeps a string variable up to 4,000 characters: the review lists the first skipped items only. */
    private static final int MAX_SUMMARY = 3800;
    private static final int LISTED = 50;

    private final BulkRecorder recorder;
    private final BulkService bulks;
    private final CourierProperties courier;

    public SummariseBulkDelegate(BulkRecorder recorder, BulkService bulks, CourierProperties courier) {
        this.recorder = recorder;
        this.bulks = bulks;
        this.courier = courier;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String bulkId = (String) execution.getVariable(Vars.BULK_ID);
        recorder.finish(bulkId);
        BulkRun run = bulks.get(bulkId);
        Map<BulkOutcome, Integer> counts = bulks.counts(bulkId);
        int failed = bulks.failedDeliveries(bulkId);
        ProcessNextChunkDelegate.Progress.write(execution, run.total(), counts);
        execution.setVariable(Vars.DELIVERIES_FAILED, failed);
        execution.setVariable(Vars.REVIEW_LINK, courier.publicLink("/admin/bulk/" + bulkId));
        execution.setVariable(Vars.REVIEW_SUMMARY, summary(run, counts, failed,
                bulks.items(bulkId, BulkOutcome.SKIPPED, 0, LISTED)));
    }

    static String summary(BulkRun run, Map<BulkOutcome, Integer> counts, int failed, List<BulkItem> skipped) {
        StringBuilder text = new StringBuilder();
        text.append(switch (run.action()) {
            case INVITE -> "Invited";
            case RESEND -> "Resent";
            case CANCEL -> "Cancelled";
            case IMPORT -> "Imported";
            case RESET_LINK -> "Reset links sent";
        }).append(": ").append(counts.get(BulkOutcome.DONE)).append(" of ").append(run.total()).append('\n');
        text.append("Skipped: ").append(counts.get(BulkOutcome.SKIPPED)).append('\n');
        text.append("Deliveries failed so far: ").append(failed).append('\n');
        if (!skipped.isEmpty()) {
            text.append("\nSkipped:\n");
            int listed = 0;
            for (BulkItem item : skipped) {
                String why = item.detail() != null ? item.detail() : item.reason().description();
                String line = "- " + (why.startsWith("Row ") ? why : (item.sourceRow() != null
                        ? "row " + item.sourceRow() : "item " + item.seq()) + ": " + why) + '\n';
                if (text.length() + line.length() > MAX_SUMMARY) {
                    break;
                }
                text.append(line);
                listed++;
            }
            int more = counts.get(BulkOutcome.SKIPPED) - listed;
            if (more > 0) {
                text.append("... and ").append(more).append(" more: see the run's page.\n");
            }
        }
        return text.toString();
    }
}
