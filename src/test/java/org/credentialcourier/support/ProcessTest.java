package org.credentialcourier.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageTestExecutionListener;
import org.springframework.test.context.TestExecutionListeners;

/**
 * A process test class: {@link CourierTest} plus a coverage report of the processes it runs, under
 * {@code target/process-test-coverage/<test class>/report.html}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@CourierTest
@TestExecutionListeners(listeners = ProcessEngineCoverageTestExecutionListener.class,
        mergeMode = TestExecutionListeners.MergeMode.MERGE_WITH_DEFAULTS)
public @interface ProcessTest {
}
