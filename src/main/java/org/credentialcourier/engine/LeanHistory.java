package org.credentialcourier.engine;

import java.util.ArrayList;
import java.util.List;

import org.camunda.bpm.engine.impl.cfg.AbstractProcessEnginePlugin;
import org.camunda.bpm.engine.impl.cfg.ProcessEngineConfigurationImpl;
import org.camunda.bpm.engine.impl.history.event.HistoricFormPropertyEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoricVariableUpdateEventEntity;
import org.camunda.bpm.engine.impl.history.event.HistoryEvent;
import org.camunda.bpm.engine.impl.history.handler.DbHistoryEventHandler;
import org.camunda.bpm.engine.impl.history.handler.HistoryEventHandler;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The engine's history without the two kinds of rows nobody here reads (issue 18: they were a quarter of the bytes per
 * pending invitation): a detail row per update of every variable ({@code ACT_HI_DETAIL}, type {@code VariableUpdate};
 * each variable's current value stays in {@code ACT_HI_VARINST}), and the record of each value a Tasklist form submitted
 * ({@code ACT_HI_DETAIL}, type {@code FormProperty}: pasted addresses and names, kept only to be erased later). History
 * level {@code full} stays as it is, so an existing database starts unchanged, and every other row (instances,
 * activities, tasks, variables, incidents, the job log, the operation log) is written as before. With
 * {@code courier.history.variable-details=true} the engine writes both kinds again, e.g. for a tool that shows a
 * variable's past values.
 */
@Component
public class LeanHistory extends AbstractProcessEnginePlugin {

    private final boolean variableDetails;

    public LeanHistory(@Value("${courier.history.variable-details:false}") boolean variableDetails) {
        this.variableDetails = variableDetails;
    }

    @Override
    public void preInit(ProcessEngineConfigurationImpl configuration) {
        if (variableDetails) {
            return;
        }
        configuration.setEnableDefaultDbHistoryEventHandler(false);
        List<HistoryEventHandler> handlers = new ArrayList<>();
        if (configuration.getCustomHistoryEventHandlers() != null) {
            handlers.addAll(configuration.getCustomHistoryEventHandlers());
        }
        handlers.add(new WithoutDetails());
        configuration.setCustomHistoryEventHandlers(handlers);
    }

    /** The engine's own database handler, less the detail rows. */
    static final class WithoutDetails extends DbHistoryEventHandler {

        @Override
        public void handleEvent(HistoryEvent event) {
            if (event instanceof HistoricFormPropertyEventEntity) {
                return;
            }
            super.handleEvent(event);
        }

        @Override
        protected boolean shouldWriteHistoricDetail(HistoricVariableUpdateEventEntity event) {
            return false;
        }
    }
}
