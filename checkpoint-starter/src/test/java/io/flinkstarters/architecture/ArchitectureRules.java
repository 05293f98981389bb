package io.flinkstarters.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.lang.annotation.Annotation;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.Public;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The house rules every module's build checks (each module's {@code *ArchitectureTest} runs them over
 * its own classes; {@link ArchitectureRulesTest} shows each can fail). Each rule takes a {@link Scope}
 * that says which classes are production code, which are tests and which belong to the module being
 * checked, so the same rule serves the modules and the negative controls.
 */
public final class ArchitectureRules {

    private static final String TESTKIT = "io.flinkstarters.testkit..";
    private static final String REFERENCE_JOB = "io.flinkstarters.health..";
    private static final String BENCHMARKS = "io.flinkstarters.benchmarks..";
    private static final List<String> TEST_ANNOTATIONS = List.of(
            "org.junit.jupiter.api.Test",
            "org.junit.jupiter.api.RepeatedTest",
            "org.junit.jupiter.api.TestFactory",
            "org.junit.jupiter.api.TestTemplate",
            "org.junit.jupiter.params.ParameterizedTest");

    private ArchitectureRules() {}

    /** Which classes are production code, which are tests, and which belong to the module being checked. */
    public record Scope(
            DescribedPredicate<JavaClass> main,
            DescribedPredicate<JavaClass> tests,
            DescribedPredicate<JavaClass> thisModule) {}

    // ---- dependencies between modules -------------------------------------------------------

    /** An {@code internal} package is its module's business: other modules use the public API. */
    public static ArchRule noModuleUsesAnotherModulesInternals(Scope scope) {
        return noClasses()
                .that(scope.main())
                .and()
                // The benchmarks measure internals (the job's decoder), as tests may.
                .resideOutsideOfPackage(BENCHMARKS)
                .should()
                .dependOnClassesThat(DescribedPredicate.and(
                        JavaClass.Predicates.resideInAPackage("io.flinkstarters..internal.."),
                        DescribedPredicate.not(scope.thisModule())))
                .as("no module uses another module's internal packages")
                .allowEmptyShould(true);
    }

    /** The starters (and any library of ours) stand alone: the testkit and the reference job build on them, never the reverse. */
    public static ArchRule onlyTestsAndBenchmarksUseTheTestkitOrTheReferenceJob(Scope scope) {
        return noClasses()
                .that(scope.main())
                .and()
                .resideOutsideOfPackages(TESTKIT, REFERENCE_JOB, BENCHMARKS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(TESTKIT, REFERENCE_JOB)
                .as("the starters never depend on the testkit or the health job")
                .allowEmptyShould(true);
    }

    /** Production code runs on a Flink cluster, where test libraries are absent. */
    public static ArchRule mainCodeUsesNoTestLibraries(Scope scope) {
        return noClasses()
                .that(scope.main())
                .and()
                // The testkit is a test library, and the benchmarks drive the testkit's real components.
                .resideOutsideOfPackages(TESTKIT, BENCHMARKS)
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit..",
                        "org.assertj..",
                        "org.apache.flink.test..",
                        "org.apache.flink.runtime.testutils..",
                        "org.apache.flink.streaming.util..",
                        "org.apache.kafka.common.test..",
                        "org.apache.curator.test..",
                        "org.gaul..",
                        "org.openjdk.jmh..")
                .as("main code never uses test-only libraries")
                .allowEmptyShould(true);
    }

    // ---- tests ----------------------------------------------------------------------------

    /** JUnit 4 (and 3) would run through the vintage engine Flink's test utilities bring, and look like it works. */
    public static ArchRule junit5Only(Scope scope) {
        return noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "org.junit",
                        "org.junit.rules..",
                        "org.junit.runner..",
                        "org.junit.runners..",
                        "org.junit.experimental..",
                        "org.junit.function..",
                        "org.junit.internal..",
                        "org.junit.matchers..",
                        "org.junit.validator..",
                        "junit..")
                .as("JUnit 5 only");
    }

    /** Unit tests ({@code *Test}) run in seconds in Surefire: a cluster, a broker or an object store makes an {@code *ITCase}. */
    public static ArchRule unitTestsStartNoCluster(Scope scope) {
        return classes()
                .that(scope.tests())
                .and(topLevelNameEndingWith("Test"))
                .should(startNoCluster())
                .as("*Test classes never start a cluster")
                .allowEmptyShould(true);
    }

    /** Failsafe runs {@code *ITCase} only: a test that starts a cluster under another name would run in the unit-test phase. */
    public static ArchRule testsThatStartAClusterAreITCases(Scope scope) {
        return classes()
                .that(scope.tests())
                .and(containTests())
                .and(startsACluster())
                .should(haveTopLevelNameEndingWith("ITCase"))
                .as("*ITCase is the only suffix for tests that start a cluster")
                .allowEmptyShould(true);
    }

    /** Surefire runs {@code *Test}, Failsafe {@code *ITCase}: a test class named otherwise never runs. */
    public static ArchRule testClassesAreNamedTestOrITCase(Scope scope) {
        return classes()
                .that(scope.tests())
                .and()
                .areTopLevelClasses()
                .and()
                .doNotHaveModifier(JavaModifier.ABSTRACT)
                .and(containTests())
                .should()
                .haveSimpleNameEndingWith("Test")
                .orShould()
                .haveSimpleNameEndingWith("ITCase")
                .as("test classes are named *Test or *ITCase")
                .allowEmptyShould(true);
    }

    // ---- API stability ----------------------------------------------------------------------

    /** What a user may rely on is said on the type, as Flink and its connectors do. */
    public static ArchRule publicTypesCarryAStabilityMarker(Scope scope) {
        return classes()
                .that(scope.main())
                .and()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .areNotAnnotatedWith("org.apache.avro.specific.AvroGenerated")
                .should(beAnnotatedWithOneOf(Public.class, PublicEvolving.class, Experimental.class, Internal.class))
                .as("every public type carries @PublicEvolving, @Experimental or @Internal");
    }

    /** A public type in an {@code internal} package is public only for our other packages: it says so. */
    public static ArchRule internalTypesAreMarkedInternal(Scope scope) {
        return classes()
                .that(scope.main())
                .and()
                .arePublic()
                .and()
                .areTopLevelClasses()
                .and()
                .resideInAPackage("io.flinkstarters..internal..")
                .should()
                .beAnnotatedWith(Internal.class)
                .as("every public type in an internal package is @Internal")
                .allowEmptyShould(true);
    }

    /**
     * What a public signature names is public too: an {@code internal} type or one of Flink's shaded
     * copies (which moves with every Flink release) in a public member makes it API by accident.
     */
    public static ArchRule publicApiExposesNoInternalOrShadedTypes(Scope scope) {
        return classes()
                .that(scope.main())
                .and()
                .arePublic()
                .and()
                .resideOutsideOfPackage("..internal..")
                .and()
                .areNotAnnotatedWith(Internal.class)
                .should(exposeNoInternalOrShadedTypes())
                .as("no public signature exposes an internal or shaded type");
    }

    // ---- building blocks --------------------------------------------------------------------

    /** Classes with JUnit 5 test methods of their own or inherited. */
    static DescribedPredicate<JavaClass> containTests() {
        return DescribedPredicate.describe(
                "contain tests",
                type -> type.getAllMethods().stream()
                        .anyMatch(method -> TEST_ANNOTATIONS.stream().anyMatch(method::isAnnotatedWith)));
    }

    static DescribedPredicate<JavaClass> startsACluster() {
        return DescribedPredicate.describe(
                "start a cluster", type -> clusterStart(type).isPresent());
    }

    private static ArchCondition<JavaClass> startNoCluster() {
        return new ArchCondition<>("start no cluster") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                clusterStart(type)
                        .ifPresent(start -> events.add(
                                SimpleConditionEvent.violated(type, type.getName() + " starts a cluster: " + start)));
            }
        };
    }

    /**
     * What makes a class start a real component, directly or through a superclass: a Flink MiniCluster
     * or job execution, a testkit component ({@code start} in the testkit starts something real), a
     * {@code Testkit}/{@code MiniClusterExtension} field (JUnit starts it), a ZooKeeper test server.
     */
    private static Optional<String> clusterStart(JavaClass type) {
        return Stream.concat(Stream.of(type), type.getAllRawSuperclasses().stream())
                .flatMap(ArchitectureRules::directClusterStarts)
                .findFirst();
    }

    private static Stream<String> directClusterStarts(JavaClass type) {
        Stream<String> calls = type.getCodeUnitCallsFromSelf().stream()
                .filter(ArchitectureRules::startsACluster)
                .map(JavaAccess::getDescription);
        Stream<String> fields = type.getFields().stream()
                .filter(ArchitectureRules::isClusterExtension)
                .map(JavaField::getFullName);
        return Stream.concat(calls, fields);
    }

    private static boolean startsACluster(JavaAccess<?> call) {
        JavaClass owner = call.getTargetOwner();
        String name = call.getName();
        return (name.equals(JavaConstructor.CONSTRUCTOR_NAME)
                        && Set.of(
                                        "org.apache.flink.runtime.minicluster.MiniCluster",
                                        "org.apache.flink.test.junit5.MiniClusterExtension",
                                        "org.apache.curator.test.TestingServer",
                                        "org.apache.curator.test.TestingCluster")
                                .contains(owner.getName()))
                || (name.equals("start") && owner.getPackageName().startsWith("io.flinkstarters.testkit"))
                || (Set.of("execute", "executeAsync").contains(name)
                        && owner.isAssignableTo(
                                "org.apache.flink.streaming.api.environment.StreamExecutionEnvironment"))
                || (name.equals("executeAndCollect")
                        && owner.isAssignableTo("org.apache.flink.streaming.api.datastream.DataStream"));
    }

    private static boolean isClusterExtension(JavaField field) {
        return Set.of("io.flinkstarters.testkit.Testkit", "org.apache.flink.test.junit5.MiniClusterExtension")
                .contains(field.getRawType().getName());
    }

    private static ArchCondition<JavaClass> exposeNoInternalOrShadedTypes() {
        return new ArchCondition<>("expose no internal or shaded type") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                for (JavaMember member : type.getMembers()) {
                    if (!member.getModifiers().contains(JavaModifier.PUBLIC)
                            && !member.getModifiers().contains(JavaModifier.PROTECTED)) {
                        continue;
                    }
                    signatureTypes(member)
                            .filter(ArchitectureRules::isInternalOrShaded)
                            .forEach(exposed -> events.add(SimpleConditionEvent.violated(
                                    member, member.getFullName() + " exposes " + exposed.getName())));
                }
            }
        };
    }

    private static Stream<JavaClass> signatureTypes(JavaMember member) {
        if (member instanceof JavaField field) {
            return field.getType().getAllInvolvedRawTypes().stream();
        }
        JavaCodeUnit codeUnit = (JavaCodeUnit) member;
        return Stream.concat(Stream.of(codeUnit.getReturnType()), codeUnit.getParameterTypes().stream())
                .flatMap(signatureType -> signatureType.getAllInvolvedRawTypes().stream());
    }

    private static boolean isInternalOrShaded(JavaClass type) {
        String name = type.getName();
        return name.startsWith("org.apache.flink.shaded.")
                || (name.startsWith("io.flinkstarters.")
                        && type.getPackageName().matches(".*\\.internal(\\..*)?"));
    }

    /** Nested classes belong to their top-level class: a {@code @Nested} group inside an ITCase is part of it. */
    private static String topLevelSimpleName(JavaClass type) {
        String name = type.getName().substring(type.getPackageName().length() + 1);
        int nested = name.indexOf('$');
        return nested < 0 ? name : name.substring(0, nested);
    }

    private static DescribedPredicate<JavaClass> topLevelNameEndingWith(String suffix) {
        return DescribedPredicate.describe(
                "belong to a class named *" + suffix,
                type -> topLevelSimpleName(type).endsWith(suffix));
    }

    private static ArchCondition<JavaClass> haveTopLevelNameEndingWith(String suffix) {
        return new ArchCondition<>("belong to a class named *" + suffix) {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean named = topLevelSimpleName(type).endsWith(suffix);
                events.add(new SimpleConditionEvent(
                        type, named, type.getName() + (named ? " is" : " is not") + " named *" + suffix));
            }
        };
    }

    @SafeVarargs
    private static ArchCondition<JavaClass> beAnnotatedWithOneOf(Class<? extends Annotation>... markers) {
        return new ArchCondition<>("be annotated with a stability marker") {
            @Override
            public void check(JavaClass type, ConditionEvents events) {
                boolean marked = Stream.of(markers).anyMatch(type::isAnnotatedWith);
                events.add(new SimpleConditionEvent(
                        type,
                        marked,
                        type.getName() + (marked ? " carries" : " carries no")
                                + " stability marker (@PublicEvolving, @Experimental or @Internal)"));
            }
        };
    }
}
