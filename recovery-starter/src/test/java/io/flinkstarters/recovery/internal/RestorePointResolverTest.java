package io.flinkstarters.recovery.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore checks on snapshot files written by Flink's own serializer (real snapshots of jobs: RestoreCompatibilityITCase). */
class RestorePointResolverTest {

    @TempDir
    Path dir;

    private ConfigReader reader;

    private Optional<RestorePoint> resolve(String hocon) {
        reader = new ConfigReader(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                """.formatted(dir.resolve("checkpoints").toUri()) + hocon));
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RecoverySettings recovery = RecoverySettings.read(reader, checkpoint);
        return RestorePointResolver.resolve(reader, recovery.restore(), checkpoint);
    }

    @Test
    void aReadableSnapshotWithoutKeyedStateRestoresIntoEitherBackend() throws IOException {
        Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-3"), 3);

        assertThat(
                        resolve(
                                "flink.recovery.restore.from = latest-retained\nflink.checkpoint.state-backend.type = hashmap\n"))
                .get()
                .extracting(RestorePoint::path)
                .asString()
                .endsWith("/job/chk-3");
        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).isEmpty();
    }

    @Test
    void aSnapshotWhoseMetadataCannotBeReadIsAProblemNamingIt() throws IOException {
        Path broken = Files.createDirectories(dir.resolve("checkpoints/job/chk-4"));
        Files.writeString(broken.resolve("_metadata"), "x");

        resolve("flink.recovery.restore.from = latest-retained\n");

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("flink.recovery.restore.from");
            assertThat(problem.message()).startsWith("found ").contains("/job/chk-4, but Cannot read");
        });
    }

    @Test
    void latestRetainedWithCheckpointingOffIsWarnedAbout() throws IOException {
        Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-5"), 5);

        resolve("flink.recovery.restore.from = latest-retained\nflink.checkpoint.enabled = false\n");

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).extracting(Problem::key).containsExactly("flink.checkpoint.enabled");
    }

    @Test
    void nothingRetainedIsAnEmptyStartWithoutProblems() {
        assertThat(resolve("flink.recovery.restore.from = latest-retained\n")).isEmpty();
        assertThat(reader.problems()).isEmpty();
    }
}
