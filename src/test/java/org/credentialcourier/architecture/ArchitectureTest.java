package org.credentialcourier.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import com.tngtech.archunit.library.Architectures.LayeredArchitecture;
import com.tngtech.archunit.library.dependencies.Slice;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collection;
import java.util.Deque;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.camunda.bpm.engine.FormService;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.MismatchingMessageCorrelationException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The structure of issue 14, held by ArchUnit: layers that only point down and no cycle between packages.
 *
 * <p>Target layers, lowest first, and where today's packages go ({@link #LAYERS}; see docs/ARCHITECTURE.md):
 * <ol>
 *   <li><b>Kernel</b> (ids, clock, actor, refusals): {@code system}, {@code system.web}, {@code system.validation}.
 *   <li><b>Infrastructure</b> (mail, credentials, persistence, engine plumbing, request limits): {@code mail},
 *       {@code credential}, {@code limits}, {@code system.sql}, {@code system.process}.
 *   <li><b>Features</b>: {@code contact}, {@code invitation}, {@code reset}, {@code password}, {@code bulk},
 *       {@code delivery}, {@code people}, {@code portal}.
 *   <li><b>Pages</b> (read models and pages): {@code tracking}, {@code console}, {@code member}, {@code provider}.
 *   <li><b>Setup</b> (engine and security setup): {@code security}, {@code engine} and the application class in
 *       {@code org.credentialcourier}.
 * </ol>
 * A new package fails the layer rule until it is placed in {@link #LAYERS}.
 *
 * <p>The rules were first frozen ({@code FreezingArchRule}) with the violations the code had before the layering
 * pass, and the pass emptied the store; they now hold outright, so any upward dependency or cycle fails the build.
 *
 * <p>ArchUnit reads bytecode, where the compiler has inlined every {@code static final} String or number: an import
 * used only for such a constant leaves no trace there (a mail taking a path from a controller, a switch on template
 * names). So the layers are checked twice, on the bytecode and on the {@code import} lines of
 * {@code src/main/java}, and the cycle rule uses both.
 *
 * <p>The rules run from plain JUnit 5 tests rather than from ArchUnit's own test engine, whose rule fields
 * Surefire 3.5.3 silently skips (TNG/ArchUnit#1442, #1524).
 */
class ArchitectureTest {

    private static final String ROOT = "org.credentialcourier";

    /** Layer name to the packages in it (ArchUnit package identifiers), lowest layer first. */
    static final Map<String, List<String>> LAYERS = orderedLayers(
            "Kernel", List.of(ROOT + ".system", ROOT + ".system.web..", ROOT + ".system.validation.."),
            "Infrastructure", List.of(ROOT + ".mail..", ROOT + ".credential..", ROOT + ".limits..",
                    ROOT + ".system.sql..", ROOT + ".system.process.."),
            "Features", List.of(ROOT + ".contact..", ROOT + ".invitation..", ROOT + ".reset..", ROOT + ".password..",
                    ROOT + ".bulk..", ROOT + ".delivery..", ROOT + ".people..", ROOT + ".portal..",
                    ROOT + ".bounce.."),
            "Pages", List.of(ROOT + ".tracking..", ROOT + ".console..", ROOT + ".member..", ROOT + ".provider.."),
            "Setup", List.of(ROOT, ROOT + ".security..", ROOT + ".engine.."));

    private static final Path MAIN_SOURCES = Path.of("src/main/java");
    private static final Pattern IMPORT = Pattern.compile(
            "^import\\s+(?:static\\s+)?(" + Pattern.quote(ROOT) + "\\.[\\w.]+?)(?:\\.\\*)?\\s*;", Pattern.MULTILINE);
    private static final Pattern TOP_LEVEL = Pattern.compile("^" + Pattern.quote(ROOT) + "\\.([^.]+)(\\..*)?$");
    private static final Map<String, Set<String>> IMPORTS = new TreeMap<>();

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        // the import rule reads src/main/java relative to the project directory; elsewhere it would see nothing
        assertThat(MAIN_SOURCES).as("run from the project directory").isDirectory();
        main = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
    }

    @Test
    void layersOnlyPointDown() {
        LAYERS_ONLY_POINT_DOWN.check(main);
    }

    @Test
    void importsOnlyPointDown() {
        IMPORTS_ONLY_POINT_DOWN.check(main);
    }

    @Test
    void packagesAreFreeOfCycles() {
        NO_PACKAGE_CYCLES.check(main);
    }

    @Test
    void packagesAndSubPackagesAreFreeOfCycles() {
        NO_CYCLES_BETWEEN_ANY_PACKAGES.check(main);
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

    @Test
    void onlyProcessClientsDriveTheEngine() {
        ONLY_PROCESS_CLIENTS_DRIVE_THE_ENGINE.check(main);
    }

    @Test
    void engineConcurrencyIsTranslatedOnce() {
        ENGINE_CONCURRENCY_TRANSLATED_ONCE.check(main);
    }

    @Test
    void setupNamesNoFeature() {
        SETUP_NAMES_NO_FEATURE.check(main);
    }

    static final ArchRule LAYERS_ONLY_POINT_DOWN = layers()
            .as("layers only point down: kernel -> infrastructure -> features -> pages -> setup");

    /** The same layers over the {@code import} lines, which also name the constants the bytecode no longer shows. */
    static final ArchRule IMPORTS_ONLY_POINT_DOWN = classes()
            .that().areTopLevelClasses()
            .should(importOnlyTheirOwnOrLowerLayers())
            .as("imports only point down: kernel -> infrastructure -> features -> pages -> setup");

    /**
     * No cycle between the top-level packages ({@code system.web} counts as {@code system}), over the bytecode's
     * dependencies and the {@code import} lines together: a violation is one package edge that lies on a cycle (its
     * target reaches back to its source), and the graph has no cycle exactly when there is no such edge. The import
     * lines matter because an import used only for an inlined constant leaves no trace in the bytecode.
     */
    static final ArchRule NO_PACKAGE_CYCLES = slices().matching(ROOT + ".(*)..")
            .should(notDependOnAPackageThatDependsBack())
            .as("top-level packages are free of cycles");

    /** ArchUnit's own cycle rule over the bytecode, down to the sub-packages ({@code system.web} is a slice too). */
    static final ArchRule NO_CYCLES_BETWEEN_ANY_PACKAGES = slices().matching(ROOT + ".(**)")
            .should().beFreeOfCycles()
            .as("packages and sub-packages are free of cycles");

    /** Habit 1: one {@code <Verb><Object>Delegate} per service task. Holds today. */
    static final ArchRule DELEGATES_ARE_NAMED_DELEGATE = classes()
            .that().implement(JavaDelegate.class).and().doNotHaveModifier(JavaModifier.ABSTRACT)
            .should().haveSimpleNameEndingWith("Delegate")
            .as("concrete JavaDelegates are named <Verb><Object>Delegate");

    /** Habit 14: controllers speak to services; only process clients and delegates touch the engine. */
    static final ArchRule CONTROLLERS_DO_NOT_USE_THE_ENGINE = noClasses()
            .that().haveSimpleNameEndingWith("Controller")
            .should().dependOnClassesThat().resideInAPackage("org.camunda.bpm.engine..")
            .as("controllers do not use the engine");

    /** Habits 1 and 14: business logic lives in services that know nothing of Camunda. */
    static final ArchRule SERVICES_KNOW_NO_CAMUNDA = noClasses()
            .that().haveSimpleNameEndingWith("Service")
            .should().dependOnClassesThat().resideInAPackage("org.camunda..")
            .as("services know no Camunda");

    /**
     * One process client per process is the only code that drives it: starts, messages, tasks, jobs. Delegates and
     * listeners work through the execution they are given; engine setup (filters, authorizations) is set up once.
     * Reading history (Cockpit links) is not driving and stays allowed.
     */
    static final ArchRule ONLY_PROCESS_CLIENTS_DRIVE_THE_ENGINE = noClasses()
            .that().haveSimpleNameNotEndingWith("ProcessClient")
            .and().resideOutsideOfPackages(ROOT + ".engine..", ROOT + ".security..")
            .should().dependOnClassesThat().belongToAnyOf(RuntimeService.class, TaskService.class,
                    ManagementService.class, FormService.class)
            .as("only process clients drive the engine");

    /** The engine's concurrency exceptions become {@code BusyException} in one place, {@code EngineCalls}. */
    static final ArchRule ENGINE_CONCURRENCY_TRANSLATED_ONCE = noClasses()
            .that().doNotHaveFullyQualifiedName(ROOT + ".system.process.EngineCalls")
            .should().dependOnClassesThat().belongToAnyOf(OptimisticLockingException.class,
                    MismatchingMessageCorrelationException.class)
            .as("engine concurrency exceptions are translated once");

    /** Setup is contributed to by the features ({@code ProcessContribution}); it names none of them. */
    static final ArchRule SETUP_NAMES_NO_FEATURE = noClasses()
            .that().resideInAnyPackage(ROOT + ".engine..", ROOT + ".security..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    LAYERS.get("Features").toArray(String[]::new))
            .orShould().dependOnClassesThat().resideInAnyPackage(LAYERS.get("Pages").toArray(String[]::new))
            .as("engine and security setup name no feature and no page");

    private static LayeredArchitecture layers() {
        LayeredArchitecture layers = layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .ensureAllClassesAreContainedInArchitecture();
        for (Map.Entry<String, List<String>> layer : LAYERS.entrySet()) {
            layers = layers.layer(layer.getKey()).definedBy(layer.getValue().toArray(String[]::new));
        }
        List<String> names = List.copyOf(LAYERS.keySet());
        for (int i = 0; i < names.size() - 1; i++) {
            layers = layers.whereLayer(names.get(i))
                    .mayOnlyBeAccessedByLayers(names.subList(i + 1, names.size()).toArray(String[]::new));
        }
        return layers.whereLayer(names.get(names.size() - 1)).mayNotBeAccessedByAnyLayer();
    }

    private static ArchCondition<JavaClass> importOnlyTheirOwnOrLowerLayers() {
        return new ArchCondition<>("import only classes of their own or a lower layer") {
            @Override
            public void check(JavaClass origin, ConditionEvents events) {
                int originRank = rank(origin.getPackageName());
                for (String imported : imports(origin)) {
                    int targetRank = rank(packageOf(imported));
                    if (originRank >= 0 && targetRank > originRank) {
                        events.add(SimpleConditionEvent.violated(origin, "Class <" + origin.getName() + "> in layer "
                                + layerName(originRank) + " imports <" + imported + "> in layer "
                                + layerName(targetRank)));
                    }
                }
            }
        };
    }

    private static ArchCondition<Slice> notDependOnAPackageThatDependsBack() {
        return new ArchCondition<>("not depend on a package that depends back on them") {
            private final Map<String, Set<String>> edges = new TreeMap<>();

            @Override
            public void init(Collection<Slice> allSlices) {
                edges.clear();
                for (Slice slice : allSlices) {
                    edges.put(slice.getNamePart(1), targets(slice));
                }
            }

            @Override
            public void check(Slice slice, ConditionEvents events) {
                String source = slice.getNamePart(1);
                for (String target : edges.getOrDefault(source, Set.of())) {
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

    /** The other top-level packages a slice depends on, in its bytecode or in its import lines. */
    private static Set<String> targets(Slice slice) {
        Set<String> targetPackages = new TreeSet<>();
        for (Dependency dependency : slice.getDependenciesFromSelf()) {
            targetPackages.add(dependency.getTargetClass().getPackageName());
        }
        for (JavaClass member : slice) {
            if (member.isTopLevelClass()) {
                imports(member).forEach(imported -> targetPackages.add(packageOf(imported)));
            }
        }
        String self = slice.getNamePart(1);
        Set<String> targets = new TreeSet<>();
        for (String targetPackage : targetPackages) {
            topLevel(targetPackage).filter(name -> !name.equals(self)).ifPresent(targets::add);
        }
        return targets;
    }

    /** The project classes a top-level class imports (a nested or static import counts as its top-level class). */
    private static synchronized Set<String> imports(JavaClass javaClass) {
        return IMPORTS.computeIfAbsent(javaClass.getName(), name -> {
            Path source = MAIN_SOURCES.resolve(javaClass.getPackageName().replace('.', '/'))
                    .resolve(javaClass.getSimpleName() + ".java");
            if (!Files.isRegularFile(source)) {
                return Set.of();
            }
            try {
                Set<String> imported = new TreeSet<>();
                Matcher matcher = IMPORT.matcher(Files.readString(source));
                while (matcher.find()) {
                    imported.add(topLevelClassOf(matcher.group(1)));
                }
                return imported;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** {@code a.b.C.Inner.CONSTANT} is {@code a.b.C}; a wildcard import {@code a.b} stays a package. */
    private static String topLevelClassOf(String name) {
        String[] parts = name.split("\\.");
        for (int i = 0; i < parts.length; i++) {
            if (Character.isUpperCase(parts[i].charAt(0))) {
                return String.join(".", Arrays.copyOf(parts, i + 1));
            }
        }
        return name + ".*";
    }

    private static String packageOf(String className) {
        int dot = className.lastIndexOf('.');
        return dot < 0 ? "" : className.substring(0, dot);
    }

    private static Optional<String> topLevel(String packageName) {
        Matcher matcher = TOP_LEVEL.matcher(packageName);
        return matcher.matches() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    /** The index of the layer a package is in, -1 if none: the most specific identifier wins. */
    static int rank(String packageName) {
        int rank = -1;
        int matched = -1;
        int index = 0;
        for (List<String> packages : LAYERS.values()) {
            for (String identifier : packages) {
                boolean withSubpackages = identifier.endsWith("..");
                String base = withSubpackages ? identifier.substring(0, identifier.length() - 2) : identifier;
                boolean matches = packageName.equals(base)
                        || withSubpackages && packageName.startsWith(base + ".");
                if (matches && base.length() > matched) {
                    rank = index;
                    matched = base.length();
                }
            }
            index++;
        }
        return rank;
    }

    private static String layerName(int rank) {
        return List.copyOf(LAYERS.keySet()).get(rank);
    }

    private static Map<String, List<String>> orderedLayers(Object... namesAndPackages) {
        Map<String, List<String>> layers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndPackages.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> packages = (List<String>) namesAndPackages[i + 1];
            layers.put((String) namesAndPackages[i], packages);
        }
        return Collections.unmodifiableMap(layers);
    }
}
