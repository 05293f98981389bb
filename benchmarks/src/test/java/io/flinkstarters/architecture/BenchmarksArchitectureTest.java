package io.flinkstarters.architecture;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/**
 * The house rules for code ({@link CodeRules}) over this module's classes; not the API rules, as the
 * benchmarks are not published.
 */
@AnalyzeClasses(packages = "io.flinkstarters", importOptions = ModuleUnderTest.class)
class BenchmarksArchitectureTest {

    @ArchTest
    static final ArchTests CODE = ArchTests.in(CodeRules.class);
}
