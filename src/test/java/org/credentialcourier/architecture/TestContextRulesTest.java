package org.credentialcourier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Rules for the suite's own Spring contexts, which all live in one JVM until it ends.
 */
class TestContextRulesTest {

    private static final JavaClasses TESTS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.ONLY_INCLUDE_TESTS)
            .importPackages("org.credentialcourier");

    /**
     * No test class closes its context before the suite ends: when a context closes, Camunda's webapps set their
     * JVM-wide runtime delegates to null (TasklistContainerBootstrap and its siblings, at contextDestroyed), and the
     * shared context's Tasklist, Cockpit and Admin then answered 500 at every page and sign-in for the rest of the
     * suite, while each test passed alone. A class that needs settings of its own gets a context of its own, with
     * its own database and engine name (see SendingLimitTest), and keeps it.
     */
    @Test
    void noTestClosesItsContextDuringTheSuite() {
        noClasses().should().beAnnotatedWith(DirtiesContext.class)
                .because("a closed context's Camunda webapps null the runtime delegates every other context uses")
                .check(TESTS);
        noMethods().should().beAnnotatedWith(DirtiesContext.class)
                .because("a closed context's Camunda webapps null the runtime delegates every other context uses")
                .check(TESTS);
    }
}
