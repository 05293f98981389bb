package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.flink.annotation.Internal;

/** The broker's temporary data directory: created per broker, kept across restarts, deleted on close. */
@Internal
public final class KafkaDataDir {

    private KafkaDataDir() {}

    public static Path create() {
        try {
            return Files.createTempDirectory("flink-starters-kafka-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a temporary directory for the Kafka broker", e);
        }
    }

    public static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(KafkaDataDir::deleteOne);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    private static void deleteOne(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + path, e);
        }
    }
}
