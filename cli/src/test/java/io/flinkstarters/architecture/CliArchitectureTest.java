package io.flinkstarters.architecture;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The house rules ({@link ArchitectureRules}) over this module's main and test classes. */
@AnalyzeClasses(packages = "io.flinkstarters", importOptions = ModuleUnderTest.class)
class CliArchitectureTest {

    @ArchTest
    static final ArchTests CODE = ArchTests.in(CodeRules.class);

    @ArchTest
    static final ArchTests API = ArchTests.in(ApiRules.class);
}
