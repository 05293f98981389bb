package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.testkit.InJvmMiniCluster;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the HOCON says is what the cluster runs: checked through Flink's REST API and the checkpoint directory. */
class CheckpointSettingsITCase {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0}")
    @CsvSource({"rocksdb, EmbeddedRocksDBStateBackend", "hashmap, HashMapStateBackend"})
    void clusterRunsTheConfiguredCheckpointing(String backend, String backendClass) throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        StarterSettings settings =
                FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint {
                  interval = 300ms
                  min-pause = 100ms
                  timeout = 45s
                  tolerable-failures = 2
                  retained = 2
                  state-backend.type = %s
                  storage.dir = "%s"
                }
                # Write state to files even when tiny, so incremental uploads become visible.
                flink.conf { "execution.checkpointing.data-inline-threshold" = 0b }
                """.formatted(backend, checkpoints.toUri())));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        CountingJob.build(env, "settings-" + backend, 200);

        JsonNode config;
        JobID job;
        try (InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                .configuration(settings.clusterConfiguration())
                .start()) {
            job = cluster.submit(env);
            cluster.awaitCompletedCheckpoints(job, 3);
            config = new ObjectMapper().readTree(cluster.rest("/jobs/" + job + "/checkpoints/config"));
            cluster.cancel(job);
        }

        assertThat(config.get("mode").asText()).isEqualTo("exactly_once");
        assertThat(config.get("interval").asLong()).isEqualTo(300);
        assertThat(config.get("min_pause").asLong()).isEqualTo(100);
        assertThat(config.get("timeout").asLong()).isEqualTo(45_000);
        assertThat(config.get("max_concurrent").asInt()).isEqualTo(1);
        assertThat(config.get("tolerable_failed_checkpoints").asInt()).isEqualTo(2);
        assertThat(config.get("unaligned_checkpoints").asBoolean()).isFalse();
        assertThat(config.get("externalization").get("enabled").asBoolean()).isTrue();
        assertThat(config.get("externalization").get("delete_on_cancellation").asBoolean())
                .isFalse();
        assertThat(config.get("state_backend").asText()).isEqualTo(backendClass);
        assertThat(config.get("checkpoint_storage").asText()).isEqualTo("FileSystemCheckpointStorage");

        Path jobDir = checkpoints.resolve(job.toHexString());
        assertThat(completedCheckpointDirs(jobDir))
                .as("retained chk-N directories with _metadata")
                .hasSize(2);
        // Incremental RocksDB checkpoints upload SST files to the job's shared/ directory; hashmap writes full
        // snapshots.
        assertThat(filesUnder(jobDir.resolve("shared")))
                .as("files in shared/")
                .matches(count -> backend.equals("rocksdb") ? count > 0 : count == 0);
    }

    private static Stream<Path> completedCheckpointDirs(Path jobDir) throws IOException {
        return Files.list(jobDir)
                .filter(path -> path.getFileName().toString().startsWith("chk-"))
                .filter(path -> Files.exists(path.resolve("_metadata")))
                .toList()
                .stream();
    }

    private static long filesUnder(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
