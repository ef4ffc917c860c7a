package org.credentialcourier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static com.tngtech.archunit.library.freeze.FreezingArchRule.freeze;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.dependencies.Slice;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure of issue 14, held by ArchUnit: layers that only point down and no cycle between packages.
 *
 * <p>Target layers, lowest first, and where today's packages go (see docs/ARCHITECTURE.md):
 * <ol>
 *   <li><b>Kernel</b> (ids, clock, actor, refusals): {@code system}, {@code system.web}, {@code system.validation}.
 *   <li><b>Infrastructure</b> (mail, credentials, persistence, engine plumbing): {@code mail}, {@code credential},
 *       {@code system.sql}, {@code system.process}.
 *   <li><b>Features</b>: {@code contact}, {@code invitation}, {@code reset}, {@code password}, {@code bulk},
 *       {@code delivery}.
 *   <li><b>Read models and pages</b>: {@code tracking}, {@code console}, {@code member}.
 *   <li><b>Engine and security setup</b>: {@code security} and the application class in {@code org.credentialcourier}.
 * </ol>
 * A package is placed where most of it belongs; the classes that do not belong there (e.g. {@code
 * system.TasklistFilters} is setup, {@code security.CurrentActor} is kernel) show up as violations, and moving them is
 * the layering pass.
 *
 * <p>Today's code breaks these rules, so each rule is wrapped in a {@link
 * com.tngtech.archunit.library.freeze.FreezingArchRule}: the known violations are stored under
 * {@code src/test/resources/archunit_store} (configured in {@code archunit.properties}), a violation that is not in the
 * store fails the test, and a violation that was fixed is removed from the store on the next run (commit that change).
 * The store is the to-do list of the layering pass; when a rule's store file is empty, drop its {@code freeze(...)}.
 * The store is keyed by each rule's description: renaming a rule records its violations anew, so do not.
 *
 * <p>Stored violations are matched by the pair of classes they name ({@link ClassPairLineMatcher}), not by line
 * number, member or signature, so other edits to a class that already has a stored violation do not break the test;
 * a new upward dependency does, and so does one more call between two classes that already had one.
 *
 * <p>Known blind spot: ArchUnit reads bytecode, and the compiler inlines {@code static final} String and primitive
 * constants, so an import used only for such a constant (e.g. {@code tracking.MailLogRetry} switching on
 * {@code PasswordChangeProcess.NEW_PASSWORD_TEMPLATE}) leaves no trace. {@code tools/package-graph.sh --source} lists
 * the import edges as written.
 *
 * <p>The rules run from plain JUnit 5 tests rather than from ArchUnit's own test engine, whose rule fields
 * Surefire 3.5.3 silently skips (TNG/ArchUnit#1442, #1524).
 */
class ArchitectureTest {

    private static final String ROOT = "org.credentialcourier";

    private static final ClassPairLineMatcher BY_CLASS_PAIR = new ClassPairLineMatcher();

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void layersOnlyPointDown() {
        LAYERS_ONLY_POINT_DOWN.check(main);
    }

    @Test
    void packagesAreFreeOfCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void delegatesAreNamedDelegate() {
        DELEGATES_ARE_NAMED_DELEGATE.check(main);
    }

    @Test
    void controllersDoNotUseTheEngine() {
        CONTROLLERS_DO_NOT_USE_THE_ENGINE.check(main);
    }

    @Test
    void servicesKnowNoCamunda() {
        SERVICES_KNOW_NO_CAMUNDA.check(main);
    }

    static final ArchRule LAYERS_ONLY_POINT_DOWN = freeze(layeredArchitecture()
            .consideringOnlyDependenciesInLayers()
            .ensureAllClassesAreContainedInArchitecture()
            .layer("Kernel").definedBy(ROOT + ".system", ROOT + ".system.web", ROOT + ".system.validation")
            .layer("Infrastructure").definedBy(ROOT + ".mail..", ROOT + ".credential..", ROOT + ".system.sql..",
                    ROOT + ".system.process..")
            .layer("Features").definedBy(ROOT + ".contact..", ROOT + ".invitation..", ROOT + ".reset..",
                    ROOT + ".password..", ROOT + ".bulk..", ROOT + ".delivery..")
            .layer("Pages").definedBy(ROOT + ".tracking..", ROOT + ".console..", ROOT + ".member..")
            .layer("Setup").definedBy(ROOT, ROOT + ".security..")
            .whereLayer("Setup").mayNotBeAccessedByAnyLayer()
            .whereLayer("Pages").mayOnlyBeAccessedByLayers("Setup")
            .whereLayer("Features").mayOnlyBeAccessedByLayers("Pages", "Setup")
            .whereLayer("Infrastructure").mayOnlyBeAccessedByLayers("Features", "Pages", "Setup")
            .whereLayer("Kernel").mayOnlyBeAccessedByLayers("Infrastructure", "Features", "Pages", "Setup")
            .as("layers only point down: kernel -> infrastructure -> features -> pages -> setup"))
            .associateViolationLinesVia(BY_CLASS_PAIR);

    /**
     * No cycle between the top-level packages ({@code system.web} counts as {@code system}).
     *
     * <p>This says the same as {@code slices().matching("org.credentialcourier.(*)..").should().beFreeOfCycles()},
     * which is the rule to keep once the store is empty. That rule cannot be frozen usefully today: the 13 packages
     * hold thousands of elementary cycles, ArchUnit reports the first 100 with every class dependency on each edge,
     * so any new dependency between two packages of the loop rewrites the stored text and fails. Here a violation is
     * one package edge that lies on a cycle (its target reaches back to its source): stable text, one line per edge,
     * and the graph has no cycle exactly when there is no such edge.
     */
    static final ArchRule NO_PACKAGE_CYCLES = freeze(slices().matching(ROOT + ".(*)..")
            .should(notDependOnASliceThatDependsBack())
            .as("top-level packages are free of cycles"))
            .associateViolationLinesVia(BY_CLASS_PAIR);

    /** Habit 1: one {@code <Verb><Object>Delegate} per service task. Holds today. */
    static final ArchRule DELEGATES_ARE_NAMED_DELEGATE = classes()
            .that().implement(JavaDelegate.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
            .should().haveSimpleNameEndingWith("Delegate")
            .as("concrete JavaDelegates are named <Verb><Object>Delegate");

    /** Habit 14: controllers speak to services; only process clients and delegates touch the engine. */
    static final ArchRule CONTROLLERS_DO_NOT_USE_THE_ENGINE = freeze(noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine..")
            .as("controllers do not use the engine"))
            .associateViolationLinesVia(BY_CLASS_PAIR);

    /** Habit 1 and 14: business logic lives in services that know nothing of Camunda. */
    static final ArchRule SERVICES_KNOW_NO_CAMUNDA = freeze(noClasses()
            .that().haveSimpleNameEndingWith("Service")
            .should().dependOnClassesThat().resideInAPackage("org.camunda..")
            .as("services know no Camunda"))
            .associateViolationLinesVia(BY_CLASS_PAIR);

    private static ArchCondition<Slice> notDependOnASliceThatDependsBack() {
        return new ArchCondition<>("not depend on a package that depends back on them") {
            private final Map<String, Set<String>> edges = new TreeMap<>();

            @Override
            public void init(Collection<Slice> allSlices) {
                for (Slice slice : allSlices) {
                    edges.put(slice.getNamePart(1), targets(slice));
                }
            }

            @Override
            public void check(Slice slice, ConditionEvents events) {
                String source = slice.getNamePart(1);
                for (String target : targets(slice)) {
                    if (reaches(target, source)) {
                        events.add(SimpleConditionEvent.violated(slice, "Package " + source + " -> " + target
                                + " lies on a cycle: " + target + " depends back on " + source));
                    }
                }
            }

            private boolean reaches(String from, String to) {
                Set<String> seen = new HashSet<>();
                Deque<String> todo = new ArrayDeque<>(Set.of(from));
                while (!todo.isEmpty()) {
                    String next = todo.pop();
                    if (next.equals(to)) {
                        return true;
                    }
                    if (seen.add(next)) {
                        todo.addAll(edges.getOrDefault(next, Set.of()));
                    }
                }
                return false;
            }
        };
    }

    static final Pattern TOP_LEVEL = Pattern.compile("^" + Pattern.quote(ROOT) + "\\.([^.]+)(\\..*)?$");

    private static Set<String> targets(Slice slice) {
        String self = slice.getNamePart(1);
        Set<String> targets = new TreeSet<>();
        for (Dependency dependency : slice.getDependenciesFromSelf()) {
            topLevel(dependency.getTargetClass().getPackageName())
                    .filter(name -> !name.equals(self))
                    .ifPresent(targets::add);
        }
        return targets;
    }

    private static Optional<String> topLevel(String packageName) {
        Matcher matcher = TOP_LEVEL.matcher(packageName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }
}
