package io.flinkstarters.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.Source;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.core.importer.Location;
import io.flinkstarters.architecture.ArchitectureRules.Scope;
import java.net.URI;
import java.nio.file.Path;

/**
 * The module whose tests are running: Surefire runs each module's tests in its own directory, so the
 * classes compiled there ({@code target/classes} and {@code target/test-classes}) are the module's, and
 * everything else on the class path (other modules' jars and class directories, libraries) is not.
 * Rule fixtures ({@code architecture/fixtures}) are left out: they break the rules on purpose.
 */
public final class ModuleUnderTest implements ImportOption {

    private static final Path MODULE = Path.of("").toAbsolutePath();

    /** Main code under {@code target/classes}, tests under {@code target/test-classes}, both of this module. */
    public static final Scope SCOPE = new Scope(
            compiledInto("target/classes", "main code"),
            compiledInto("target/test-classes", "tests"),
            DescribedPredicate.describe(
                    "belong to this module",
                    type -> type.getSource()
                            .map(Source::getUri)
                            .filter(ModuleUnderTest::inModule)
                            .isPresent()));

    @Override
    public boolean includes(Location location) {
        return inModule(location.asURI()) && !location.contains("/architecture/fixtures/");
    }

    private static boolean inModule(URI uri) {
        return "file".equals(uri.getScheme()) && Path.of(uri).startsWith(MODULE);
    }

    private static DescribedPredicate<JavaClass> compiledInto(String directory, String description) {
        Path classes = MODULE.resolve(directory);
        return DescribedPredicate.describe(
                description,
                type -> type.getSource()
                        .map(Source::getUri)
                        .filter(uri ->
                                "file".equals(uri.getScheme()) && Path.of(uri).startsWith(classes))
                        .isPresent());
    }
}
