package io.flinkstarters.architecture;

import static io.flinkstarters.architecture.ModuleUnderTest.SCOPE;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules for every module's code: dependencies between modules, and tests. */
public final class CodeRules {

    @ArchTest
    public static final ArchRule NO_MODULE_USES_ANOTHER_MODULES_INTERNALS =
            ArchitectureRules.noModuleUsesAnotherModulesInternals(SCOPE);

    @ArchTest
    public static final ArchRule STARTERS_NEVER_DEPEND_ON_THE_TESTKIT_OR_THE_JOB =
            ArchitectureRules.onlyTestsAndBenchmarksUseTheTestkitOrTheReferenceJob(SCOPE);

    @ArchTest
    public static final ArchRule MAIN_CODE_USES_NO_TEST_LIBRARIES =
            ArchitectureRules.mainCodeUsesNoTestLibraries(SCOPE);

    @ArchTest
    public static final ArchRule JUNIT_5_ONLY = ArchitectureRules.junit5Only(SCOPE);

    @ArchTest
    public static final ArchRule UNIT_TESTS_START_NO_CLUSTER = ArchitectureRules.unitTestsStartNoCluster(SCOPE);

    @ArchTest
    public static final ArchRule TESTS_THAT_START_A_CLUSTER_ARE_IT_CASES =
            ArchitectureRules.testsThatStartAClusterAreITCases(SCOPE);

    @ArchTest
    public static final ArchRule TEST_CLASSES_ARE_NAMED_TEST_OR_IT_CASE =
            ArchitectureRules.testClassesAreNamedTestOrITCase(SCOPE);

    private CodeRules() {}
}
