package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.recovery.SnapshotMetadata;
import io.flinkstarters.recovery.internal.RestorePointResolver;
import io.flinkstarters.testkit.starters.CountingJob.Output;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The restore checks on real snapshots: checkpoints written by each state backend on a MiniCluster are
 * read back through their {@code _metadata}, a snapshot the job's backend cannot restore is refused
 * before submission (or warned about where the metadata cannot tell), one it can restore really
 * restores, and an unreadable {@code _metadata} is a problem rather than a silent start from empty state.
 */
class RestoreCompatibilityITCase {

    @TempDir
    Path dir;

    private String checkpoints() {
        return dir.resolve("checkpoints").toUri().toString();
    }

    private StarterSettings settings(String backend, String restore) {
        return FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint {
                  interval = 200ms
                  min-pause = 50ms
                  storage.dir = "%s"
                  state-backend.type = %s
                }
                flink.recovery.restore { %s }
                """.formatted(checkpoints(), backend, restore)));
    }

    private InvalidConfigurationException rejected(String backend, String restore) {
        InvalidConfigurationException e =
                catchThrowableOfType(InvalidConfigurationException.class, () -> settings(backend, restore));
        assertThat(e).as("the restore must be refused before submission").isNotNull();
        return e;
    }

    private List<Output> run(StarterSettings settings, String run) throws Exception {
        return CountingJob.runUntilCheckpointed(settings, run, 2);
    }

    private RestorePoint retained() {
        return RetainedCheckpoints.latestCheckpoint(checkpoints()).orElseThrow();
    }

    @Test
    void aRocksDbCheckpointIsRefusedForAHashmapJobAndRestoresIntoRocksDb() throws Exception {
        run(settings("rocksdb", "from = none"), "rocksdb");
        SnapshotMetadata metadata = RetainedCheckpoints.metadata(retained());

        assertThat(metadata.format()).isEqualTo(SnapshotMetadata.StateFormat.ROCKSDB_INCREMENTAL);
        assertThat(metadata.unaligned()).isFalse();
        assertThat(metadata.operators()).anySatisfy(operator -> {
            assertThat(operator.uid()).contains("counter");
            assertThat(operator.maxParallelism()).isPositive();
        });
        assertThat(rejected("hashmap", "from = latest-retained").problems())
                .singleElement()
                .satisfies(problem -> {
                    assertThat(problem.key()).isEqualTo("flink.recovery.restore.from");
                    assertThat(problem.message())
                            .contains("was written by RocksDB (incremental state files)")
                            .contains("flink.checkpoint.state-backend.type = hashmap");
                });

        List<Output> restored = run(settings("rocksdb", "from = latest-retained"), "rocksdb-again");
        assertThat(restored.get(0).n()).as("restored, not started over").isPositive();
        assertThat(restored).allMatch(Output::consistent);
    }

    /**
     * Found here: a hashmap checkpoint does not restore into RocksDB (EOFException in the RocksDB
     * restore, the job restarting in a loop), and the metadata cannot tell it from a RocksDB checkpoint
     * taken without incremental checkpoints, which does restore. So a RocksDB job is warned, not refused.
     */
    @Test
    void aHashmapCheckpointRestoresIntoHashmapAndARocksDbJobIsWarned() throws Exception {
        run(settings("hashmap", "from = none"), "hashmap");

        assertThat(RetainedCheckpoints.metadata(retained()).format()).isEqualTo(SnapshotMetadata.StateFormat.FULL);
        assertThat(restoreWarnings("rocksdb"))
                .singleElement()
                .satisfies(warning -> assertThat(warning.message())
                        .contains(
                                "is a full snapshot, written by hashmap or by RocksDB without incremental checkpoints")
                        .contains("flink.checkpoint.state-backend.type = rocksdb"));
        assertThat(restoreWarnings("hashmap"))
                .as("the same snapshot for a hashmap job")
                .isEmpty();

        List<Output> restored = run(settings("hashmap", "from = latest-retained"), "hashmap-again");
        assertThat(restored.get(0).n()).as("restored, not started over").isPositive();
        assertThat(restored).allMatch(Output::consistent);
    }

    private List<Problem> restoreWarnings(String backend) {
        ConfigReader reader = new ConfigReader(TestConfigs.load(dir, """
                flink.checkpoint { storage.dir = "%s", state-backend.type = %s }
                flink.recovery.restore.from = latest-retained
                """.formatted(checkpoints(), backend)));
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RestorePointResolver.resolve(
                reader, RecoverySettings.read(reader, checkpoint).restore(), checkpoint);
        assertThat(reader.problems()).isEmpty();
        return reader.warnings();
    }

    @Test
    void anUnreadableMetadataFileIsAProblemNotAnEmptyStart() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("checkpoints/job/chk-7"));
        Files.writeString(broken.resolve("_metadata"), "not a checkpoint");

        assertThat(rejected("rocksdb", "from = latest-retained").problems())
                .extracting(Problem::message)
                .singleElement()
                .asString()
                .startsWith("found ")
                .contains("checkpoints/job/chk-7, but Cannot read");
    }
}
