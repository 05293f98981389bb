package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.internal.ReferenceCatalog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar {@code flink run} gets (built by the package phase, checked in integration-test): what is in it,
 * what is not, and that the starters' and the job's reference.conf files were merged into one that
 * still binds the environment variables.
 */
class ShadedJarITCase {

    private static Path jar;
    private static List<String> entries;

    @BeforeAll
    static void findTheJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(file -> file.getFileName().toString().endsWith("-shaded.jar"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no *-shaded.jar in target/: run the package phase first"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = Collections.list(file.entries()).stream()
                    .map(entry -> entry.getName())
                    .toList();
        }
    }

    @Test
    void theManifestNamesTheJob() throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            assertThat(file.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo(HealthConsumerJob.class.getName());
        }
    }

    @Test
    void itContainsWhatAClusterLacks() {
        assertThat(entries)
                .contains(
                        "io/flinkstarters/health/HealthConsumerJob.class",
                        "io/flinkstarters/health/avro/HealthEvent.class",
                        "io/flinkstarters/FlinkStarters.class",
                        "io/flinkstarters/checkpoint/CheckpointSettings.class",
                        "io/flinkstarters/config/ConfigLoader.class",
                        "com/typesafe/config/ConfigFactory.class",
                        "org/apache/flink/connector/kafka/source/KafkaSource.class",
                        "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                        "org/apache/flink/connector/base/DeliveryGuarantee.class",
                        "org/apache/kafka/clients/producer/KafkaProducer.class",
                        "org/apache/flink/formats/avro/AvroSerializationSchema.class",
                        "org/apache/avro/Schema.class");
    }

    @Test
    void itLeavesOutWhatTheClusterProvidesAndWhatOnlyTestsNeed() {
        assertThat(entries)
                .noneMatch(entry -> startsWithAny(
                        entry,
                        "org/apache/flink/streaming/api/environment/", // flink-streaming-java / flink-runtime
                        "org/apache/flink/runtime/", // flink-runtime
                        "org/apache/flink/api/common/functions/", // flink-core
                        "org/apache/flink/client/", // flink-clients
                        "org/apache/flink/state/rocksdb/", // flink-statebackend-rocksdb
                        "org/rocksdb/",
                        "org/apache/flink/fs/s3hadoop/",
                        "org/apache/hadoop/", // flink-s3-fs-hadoop: a plugin, never in the job jar
                        "io/flinkstarters/testkit/",
                        "io/flinkstarters/health/LocalRun", // the local run is a test class
                        "org/gaul/s3proxy/",
                        "kafka/server/", // the testkit's object store and broker
                        "org/apache/logging/log4j/",
                        "org/slf4j/",
                        "ch/qos/logback/",
                        "org/junit/",
                        "org/assertj/"));
        assertThat(entries).noneMatch(entry -> entry.matches("META-INF/[^/]+\\.(SF|DSA|RSA)"));
    }

    @Test
    void theMergedReferenceConfHasBothStartersAndTheJobWithTheirEnvironmentBindings() throws IOException {
        String merged;
        try (JarFile file = new JarFile(jar.toFile());
                InputStream in = file.getInputStream(file.getEntry("reference.conf"))) {
            merged = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Config reference = ConfigFactory.parseString(merged).resolve();
        ReferenceCatalog catalog = ReferenceCatalog.of(reference);

        assertThat(reference.hasPath("flink.checkpoint.interval"))
                .as("checkpoint starter")
                .isTrue();
        assertThat(reference.hasPath("flink.recovery.restart-strategy.type"))
                .as("recovery starter")
                .isTrue();
        assertThat(reference.hasPath("health.window.size")).as("health job").isTrue();
        assertThat(catalog.entry("health.kafka.bootstrap-servers").orElseThrow().envVar())
                .contains("KAFKA_BOOTSTRAP_SERVERS");
        assertThat(catalog.entry("flink.checkpoint.interval").orElseThrow().envVar())
                .contains("FLINK_CHECKPOINT_INTERVAL_MS");
        assertThat(catalog.entry("flink.recovery.restart-strategy.type")
                        .orElseThrow()
                        .envVar())
                .contains("FLINK_RESTART_STRATEGY");
    }

    @Test
    void theJarAloneLoadsTheConfigurationWithEnvironmentOverrides() throws Exception {
        // Parent: the platform class loader, so nothing from this build's class path can help. Typesafe
        // Config finds reference.conf through the context class loader, so that is the jar's too.
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        try (URLClassLoader jarOnly =
                new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader())) {
            thread.setContextClassLoader(jarOnly);
            Class<?> loader = Class.forName("io.flinkstarters.config.ConfigLoader", true, jarOnly);
            Object config = loader.getMethod("load", Map.class)
                    .invoke(
                            null,
                            Map.of("KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092", "FLINK_CHECKPOINT_INTERVAL_MS", "15000"));
            Class<?> configType = Class.forName("com.typesafe.config.Config", false, jarOnly);

            assertThat(configType.getMethod("getString", String.class).invoke(config, "health.kafka.bootstrap-servers"))
                    .isEqualTo("kafka-1:9092");
            assertThat(configType.getMethod("getString", String.class).invoke(config, "flink.checkpoint.interval"))
                    .isEqualTo("15000");
            assertThat(configType
                            .getMethod("getString", String.class)
                            .invoke(config, "flink.recovery.restart-strategy.type"))
                    .isEqualTo("fixed-delay");
        } finally {
            thread.setContextClassLoader(previous);
            ConfigFactory.invalidateCaches();
        }
    }

    private static boolean startsWithAny(String entry, String... prefixes) {
        return Stream.of(prefixes).anyMatch(entry::startsWith);
    }
}
