package org.credentialcourier.system.process;

import java.util.List;

/**
 * What one process brings to the engine's setup, declared by the feature that owns it (one bean per process), so that
 * the setup above the features names no process: {@code security.AccessControlSetup} grants the credential admins
 * each process, {@code engine.TasklistFilters} lists their tasks, and {@code delivery.HandOver} completes the
 * hand-over tasks of every process. A new process appears in all three by declaring its bean.
 */
public interface ProcessContribution {

    /** The process definition key: credential admins may start the process, read its instances and work its tasks. */
    String processKey();

    /** Its user tasks where an admin resolves an email that could not be delivered (Tasklist: "Failed deliveries"). */
    default List<String> failedDeliveryTasks() {
        return List.of();
    }

    /** Its user tasks that the hand-over page completes (Tasklist: "Manual hand-overs"). */
    default List<String> handOverTasks() {
        return List.of();
    }

    /** The process variables Tasklist shows under its tasks in those filters, in this order. */
    default List<ShownVariable> shownVariables() {
        return List.of();
    }

    /** A process variable by name, and the label Tasklist shows it under. */
    record ShownVariable(String name, String label) {
    }
}
