package org.credentialcourier.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.camunda.community.process_test_coverage.spring_test.platform7.ProcessEngineCoverageConfiguration;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The one test configuration of the suite: the whole application on a random port, with its embedded SMTP server as
 * the real SMTP server of the tests and the job executor off, the engine recording process test coverage, and the
 * metrics exported as in production. Every
 * test class uses it, so one context serves all.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles(resolver = TestProfiles.class)
@Import(ProcessEngineCoverageConfiguration.class)
@AutoConfigureObservability(tracing = false)
public @interface CourierTest {
}
