package io.flinkstarters.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import io.flinkstarters.architecture.ArchitectureRules.Scope;
import io.flinkstarters.architecture.fixtures.main.ExposesShadedAndInternalTypes;
import io.flinkstarters.architecture.fixtures.main.Marked;
import io.flinkstarters.architecture.fixtures.main.Unmarked;
import io.flinkstarters.architecture.fixtures.main.UsesATestLibrary;
import io.flinkstarters.architecture.fixtures.main.UsesAnotherModulesInternal;
import io.flinkstarters.architecture.fixtures.main.UsesJUnit4;
import io.flinkstarters.architecture.fixtures.main.UsesTheReferenceJob;
import io.flinkstarters.architecture.fixtures.main.internal.InternalButNotMarkedInternal;
import io.flinkstarters.architecture.fixtures.test.ClusterFixturesITCase;
import io.flinkstarters.architecture.fixtures.test.ClusterFixturesTest;
import io.flinkstarters.architecture.fixtures.test.MisnamedCheck;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The negative controls of the house rules: each rule, run over fixtures that break it on purpose
 * ({@code architecture/fixtures}, left out of every module's own check), reports the fixture that breaks
 * it and passes the one that keeps it. It lives here because this module sees everything the fixtures
 * need (the testkit, the reference job, JUnit 4 through Flink's test utilities).
 */
class ArchitectureRulesTest {

    private static final String FIXTURES = "io.flinkstarters.architecture.fixtures";
    private static final JavaClasses CLASSES = new ClassFileImporter().importPackages(FIXTURES);
    private static final Scope SCOPE = new Scope(
            JavaClass.Predicates.resideInAPackage(FIXTURES + ".main.."),
            JavaClass.Predicates.resideInAPackage(FIXTURES + ".test.."),
            JavaClass.Predicates.resideInAPackage(FIXTURES + ".."));

    @Test
    void anotherModulesInternalPackageIsReported() {
        assertBrokenOnlyBy(ArchitectureRules::noModuleUsesAnotherModulesInternals, UsesAnotherModulesInternal.class);
    }

    @Test
    void aLibraryDependingOnTheTestkitOrTheJobIsReported() {
        String violations = violations(ArchitectureRules::onlyTestsAndBenchmarksUseTheTestkitOrTheReferenceJob);
        assertThat(violations)
                .contains(UsesTheReferenceJob.class.getName(), UsesAnotherModulesInternal.class.getName())
                .doesNotContain(Marked.class.getName());
    }

    @Test
    void aTestLibraryInMainCodeIsReported() {
        String violations = violations(ArchitectureRules::mainCodeUsesNoTestLibraries);
        assertThat(violations).contains(UsesATestLibrary.class.getName(), UsesJUnit4.class.getName());
        assertThat(violations).doesNotContain(Marked.class.getName());
    }

    @Test
    void junit4IsReported() {
        assertBrokenOnlyBy(ArchitectureRules::junit5Only, UsesJUnit4.class);
    }

    @Test
    void aUnitTestStartingAClusterIsReported() {
        String violations = violations(ArchitectureRules::unitTestsStartNoCluster);
        assertThat(violations)
                .contains(ClusterFixturesTest.class.getName() + "$StartsAMiniCluster starts a cluster")
                .contains("MiniCluster.<init>")
                .doesNotContain(ClusterFixturesITCase.class.getName());
    }

    @Test
    void aClusterTestNotNamedITCaseIsReported() {
        String violations = violations(ArchitectureRules::testsThatStartAClusterAreITCases);
        assertThat(violations)
                .contains(ClusterFixturesTest.class.getName() + "$StartsAMiniCluster is not named *ITCase")
                .doesNotContain(ClusterFixturesITCase.class.getName());
    }

    @Test
    void aTestClassNoPluginRunsIsReported() {
        String violations = violations(ArchitectureRules::testClassesAreNamedTestOrITCase);
        assertThat(violations)
                .contains(MisnamedCheck.class.getName())
                .doesNotContain(ClusterFixturesTest.class.getName() + ">", ClusterFixturesITCase.class.getName());
    }

    @Test
    void aPublicTypeWithoutAStabilityMarkerIsReported() {
        assertBrokenOnlyBy(ArchitectureRules::publicTypesCarryAStabilityMarker, Unmarked.class);
    }

    @Test
    void anInternalTypeClaimingToBeApiIsReported() {
        assertBrokenOnlyBy(ArchitectureRules::internalTypesAreMarkedInternal, InternalButNotMarkedInternal.class);
    }

    @Test
    void aPublicSignatureNamingAShadedOrInternalTypeIsReported() {
        String violations = violations(ArchitectureRules::publicApiExposesNoInternalOrShadedTypes);
        assertThat(violations)
                .contains(ExposesShadedAndInternalTypes.class.getName() + ".shaded() exposes org.apache.flink.shaded.")
                .contains(".internal(java.util.List) exposes " + InternalButNotMarkedInternal.class.getName())
                .doesNotContain("notPublic");
    }

    private static void assertBrokenOnlyBy(Function<Scope, ArchRule> rule, Class<?> fixture) {
        EvaluationResult result = rule.apply(SCOPE).evaluate(CLASSES);
        assertThat(result.hasViolation()).as("the rule reports its fixture").isTrue();
        assertThat(result.getFailureReport().getDetails())
                .as("every violation is the fixture's")
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).contains(fixture.getName()));
    }

    private static String violations(Function<Scope, ArchRule> rule) {
        EvaluationResult result = rule.apply(SCOPE).evaluate(CLASSES);
        assertThat(result.hasViolation()).as("the rule reports its fixtures").isTrue();
        return String.join("\n", result.getFailureReport().getDetails());
    }
}
