package io.flinkstarters.architecture;

import static io.flinkstarters.architecture.ModuleUnderTest.SCOPE;

import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The rules for every published module's API: stability markers. */
public final class ApiRules {

    @ArchTest
    public static final ArchRule PUBLIC_TYPES_CARRY_A_STABILITY_MARKER =
            ArchitectureRules.publicTypesCarryAStabilityMarker(SCOPE);

    @ArchTest
    public static final ArchRule INTERNAL_TYPES_ARE_MARKED_INTERNAL =
            ArchitectureRules.internalTypesAreMarkedInternal(SCOPE);

    @ArchTest
    public static final ArchRule PUBLIC_API_EXPOSES_NO_INTERNAL_OR_SHADED_TYPES =
            ArchitectureRules.publicApiExposesNoInternalOrShadedTypes(SCOPE);

    private ApiRules() {}
}
