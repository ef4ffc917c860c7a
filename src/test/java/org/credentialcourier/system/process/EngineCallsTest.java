package org.credentialcourier.system.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.credentialcourier.system.web.BusyException;
import org.credentialcourier.system.web.ConflictException;
import org.junit.jupiter.api.Test;

class EngineCallsTest {

    @Test
    void concurrencyExceptionsBecomeBusy() {
        OptimisticLockingException locked = new OptimisticLockingException("locked");
        assertThatThrownBy(() -> EngineCalls.translated(() -> {
            throw locked;
        })).isInstanceOf(BusyException.class).isInstanceOf(ConflictException.class).hasCause(locked)
                .hasMessage(BusyException.SENTENCE);
        assertThatThrownBy(() -> EngineCalls.translated((Runnable) () -> {
            throw new MismatchingMessageCorrelationException("no instance waits");
        })).isInstanceOf(BusyException.class);
    }

    @Test
    void otherFailuresPassUnchanged() {
        ProcessEngineException broken = new ProcessEngineException("broken");
        assertThatThrownBy(() -> EngineCalls.translated(() -> {
            throw broken;
        })).isSameAs(broken);
        assertThat(EngineCalls.translated(() -> "done")).isEqualTo("done");
    }
}
