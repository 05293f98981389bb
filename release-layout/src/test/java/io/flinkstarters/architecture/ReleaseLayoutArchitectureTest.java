package io.flinkstarters.architecture;

import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;

/** The house rules for code ({@link CodeRules}) over this module's classes; not the API rules, as it is not published. */
@AnalyzeClasses(packages = "io.flinkstarters", importOptions = ModuleUnderTest.class)
class ReleaseLayoutArchitectureTest {

    @ArchTest
    static final ArchTests CODE = ArchTests.in(CodeRules.class);
}
