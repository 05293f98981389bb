package io.flinkstarters.health;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The job jar {@code flink run} gets: {@code target/health-consumer-job-<version>-shaded.jar}, built by the package phase. */
final class ShadedJobJar {

    private ShadedJobJar() {}

    static Path find() {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(file -> file.getFileName().toString().endsWith("-shaded.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError(
                            "no *-shaded.jar in target/: run the package phase first (./mvnw verify)"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list target/", e);
        }
    }
}
