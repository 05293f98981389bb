package io.flinkstarters.testkit;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A job's shaded jar as {@code flink run} takes it, and how its main method is told where its
 * application configuration is (the contract writes the job's own configuration, with the test's
 * wiring and overrides, to a file).
 *
 * @param arguments the program arguments for the configuration file, e.g. {@code conf -> List.of("--config", conf.toString())}
 */
@PublicEvolving
public record JobJar(Path jar, Function<Path, List<String>> arguments) {

    /** A jar whose main method takes {@code --config <file>}. */
    public static JobJar withConfigArgument(Path jar) {
        return new JobJar(jar, conf -> List.of("--config", conf.toString()));
    }
}
