package io.flinkstarters.failure;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.Loss;
import io.flinkstarters.testkit.ProcessCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The enricher deployed as a Flink operator would: its jar in the JobManager's {@code plugins/}, enabled
 * by {@code jobmanager.failure-enrichers}, on a cluster of real processes. A job whose code fails, then
 * whose TaskManager is killed with SIGKILL: both failures carry their cause in the REST exception
 * history, and the JobManager counts them per cause.
 */
class FailureEnricherProcessITCase {

    private static ProcessCluster cluster;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startCluster() throws IOException {
        cluster = ProcessCluster.builder()
                .name("failure-enricher")
                .taskManagers(1)
                .slotsPerTaskManager(1)
                .plugin("flink-starters-failure-enricher", List.of(enricherJar()))
                .configuration(Map.of(
                        JobManagerOptions.FAILURE_ENRICHERS_LIST.key(),
                        StartersFailureEnricher.CLASS_NAME,
                        "heartbeat.interval",
                        "500 ms",
                        "heartbeat.timeout",
                        "5 s"))
                .start();
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void failuresOfARealClusterCarryTheirCauseInTheExceptionHistoryAndAsAMetric() throws IOException {
        JobID job = cluster.submit(jobJar());

        Await.until(
                "a failure labelled user_code in the exception history of " + job,
                () -> causes(job),
                causes -> causes.contains("user_code"),
                cluster.timeout());
        cluster.awaitAllTasksRunning(job);
        Await.until(
                "the JobManager's failure counters for " + job,
                () -> metric(job, "failure_cause.user_code.count") + "/"
                        + metric(job, "failure_cause.kafka_producer_fenced.count"),
                counts -> counts.equals("1/0"),
                cluster.timeout());

        assertThat(cluster.loseTaskManager(0).exitStatus()).as("SIGKILL").hasValue(Loss.SIGKILL_EXIT_STATUS);
        cluster.startTaskManager();

        Await.until(
                "a failure labelled task_manager_lost in the exception history of " + job,
                () -> causes(job),
                causes -> causes.contains("task_manager_lost"),
                cluster.timeout());
        assertThat(causes(job)).as("nothing else was labelled").containsOnly("user_code", "task_manager_lost");
    }

    /** The cause label of every failure in the job's exception history. */
    private static List<String> causes(JobID job) {
        List<String> causes = new ArrayList<>();
        for (JsonNode entry : json(cluster.rest("/jobs/" + job + "/exceptions"))
                .path("exceptionHistory")
                .path("entries")) {
            causes.add(entry.path("failureLabels")
                    .path(StartersFailureEnricher.KEY)
                    .asText("(none)"));
        }
        return causes;
    }

    private static String metric(JobID job, String name) {
        for (JsonNode metric : json(cluster.rest("/jobs/" + job + "/metrics?get=" + name))) {
            return metric.path("value").asText();
        }
        return "(missing)";
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + text, e);
        }
    }

    /** The module's jar, packaged before the integration tests run. */
    private static Path enricherJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(
                            file -> file.getFileName().toString().matches("failure-enricher-[^-]+(-SNAPSHOT)?\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no failure-enricher jar in target/: run mvn verify"))
                    .toAbsolutePath();
        }
    }

    /**
     * A job jar of {@link FailingJobMain} from the compiled test classes, with the datagen connector inside
     * as a job's shaded jar would have it (Flink's own classes are the cluster's).
     */
    private static Path jobJar() throws IOException {
        Path classes = Path.of("target", "test-classes");
        String prefix = FailingJobMain.class.getName().replace('.', '/');
        List<Path> jobClasses;
        try (Stream<Path> all = Files.walk(classes)) {
            jobClasses = all.filter(path -> entryName(classes, path).startsWith(prefix))
                    .filter(path -> path.toString().endsWith(".class"))
                    .toList();
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, FailingJobMain.class.getName());
        Path jar = dir.resolve("failing-job.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
            for (Path path : jobClasses) {
                out.putNextEntry(new JarEntry(entryName(classes, path)));
                out.write(Files.readAllBytes(path));
                out.closeEntry();
            }
            copyClasses(connectorJar(), out);
        }
        return jar;
    }

    private static Path connectorJar() {
        try {
            return Path.of(DataGeneratorSource.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void copyClasses(Path jar, JarOutputStream out) throws IOException {
        try (JarFile connector = new JarFile(jar.toFile())) {
            for (JarEntry entry : connector.stream().toList()) {
                if (entry.getName().endsWith(".class")) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    try (InputStream in = connector.getInputStream(entry)) {
                        in.transferTo(out);
                    }
                    out.closeEntry();
                }
            }
        }
    }

    private static String entryName(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }
}
