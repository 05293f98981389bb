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
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The restore checks on snapshot files written by Flink's own serializer (real snapshots of jobs: RestoreCompatibilityITCase). */
class RestorePointResolverTest {

    @TempDir
    Path dir;

    private ConfigReader reader;

    /** When the snapshots' ages are measured. */
    private static final Instant NOW = Instant.parse("2026-12-02T04:00:00Z");

    private Optional<RestorePoint> resolve(String hocon) {
        reader = new ConfigReader(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                """.formatted(dir.resolve("checkpoints").toUri()) + hocon));
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        RecoverySettings recovery = RecoverySettings.read(reader, checkpoint);
        return RestorePointResolver.resolve(reader, recovery.restore(), checkpoint, Clock.fixed(NOW, ZoneOffset.UTC));
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
    void nothingRetainedIsAFirstDeploymentSaidExplicitly() {
        assertThat(resolve("flink.recovery.restore.from = latest-retained\n")).isEmpty();

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.key()).isEqualTo("flink.recovery.restore.from");
            assertThat(warning.message())
                    .startsWith("found no completed checkpoint or savepoint (one holding _metadata) under "
                            + dir.resolve("checkpoints").toUri().toString().replaceAll("/$", ""))
                    .contains("the job starts from empty state, as a first deployment does")
                    .contains("set flink.recovery.restore.require-state = true");
        });
    }

    @Test
    void requireStateRefusesAnEmptyStartNamingWhereItLooked() throws IOException {
        Files.createDirectories(dir.resolve("checkpoints/job/chk-9"));

        assertThat(resolve("""
                        flink.recovery.restore { from = latest-retained, require-state = true }
                        flink.checkpoint.storage.savepoint-dir = "%s"
                        """.formatted(dir.resolve("savepoints").toUri()))).isEmpty();

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.toString())
                    .startsWith("flink.recovery.restore.require-state = true (")
                    .contains("this deployment must start from state, but flink.recovery.restore.from ="
                            + " latest-retained found no completed checkpoint or savepoint")
                    .contains("(flink.checkpoint.storage.dir, every job id's chk-N)")
                    .contains("savepoints (flink.checkpoint.storage.savepoint-dir, savepoint-*)")
                    .contains("On a job's first deployment set flink.recovery.restore.require-state = false");
        });
    }

    @Test
    void requireStateIsMetByARetainedCheckpoint() throws IOException {
        Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-2"), 2);

        assertThat(resolve("flink.recovery.restore { from = latest-retained, require-state = true }\n"))
                .isPresent();
        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).isEmpty();
    }

    @Test
    void requireStateWithCheckpointingOffSaysNoDeploymentWillLeaveState() {
        resolve("""
                flink.recovery.restore { from = latest-retained, require-state = true }
                flink.checkpoint { enabled = false, retention = none }
                """);

        assertThat(reader.problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("flink.checkpoint.enabled is false (")
                .contains("so this configuration never leaves one either");
    }

    @Test
    void requireStateWithFromNoneIsAContradiction() {
        resolve("flink.recovery.restore.require-state = true\n");

        assertThat(reader.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .startsWith("flink.recovery.restore.require-state = true (")
                        .contains("flink.recovery.restore.from = none (default (reference.conf:")
                        .contains("always starts from empty state"));
    }

    @Test
    void unreadableStorageIsNeverNothingFound() {
        resolve("""
                flink.recovery.restore { from = latest-retained, require-state = true }
                flink.checkpoint.storage.dir = "nosuchscheme://bucket/checkpoints"
                """);

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("flink.recovery.restore.from");
            assertThat(problem.message()).startsWith("cannot read the snapshot storage: ");
        });
    }

    @Test
    void aSnapshotOlderThanMaxAgeIsRefusedNamingItsTimeAndTheLimit() throws IOException {
        old(Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-7"), 7), Duration.ofHours(30));

        resolve("flink.recovery.restore { from = latest-retained, max-age = 24h }\n");

        assertThat(reader.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .startsWith("flink.recovery.restore.max-age = 24h (")
                        .contains("the newest snapshot, ")
                        .contains(
                                "/job/chk-7, completed at 2026-11-30T22:00:00Z, 30h ago, which is older than this limit")
                        .contains("set flink.recovery.restore.max-age-action = warn"));
    }

    @Test
    void aSnapshotOlderThanMaxAgeIsWarnedAboutWhenAskedTo() throws IOException {
        old(Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-7"), 7), Duration.ofHours(30));

        assertThat(resolve("flink.recovery.restore { from = latest-retained, max-age = 24h, max-age-action = warn }\n"))
                .isPresent();

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings())
                .singleElement()
                .satisfies(warning -> assertThat(warning.toString())
                        .startsWith("flink.recovery.restore.max-age = 24h (")
                        .contains("completed at 2026-11-30T22:00:00Z, 30h ago")
                        .endsWith("(restored anyway: flink.recovery.restore.max-age-action = warn)"));
    }

    @Test
    void aSnapshotWithinMaxAgeRestoresQuietly() throws IOException {
        old(Snapshots.checkpointWithoutState(dir.resolve("checkpoints/job/chk-7"), 7), Duration.ofHours(23));

        assertThat(resolve("flink.recovery.restore { from = latest-retained, max-age = 24h }\n"))
                .isPresent();
        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).isEmpty();
    }

    /** Makes the snapshot's {@code _metadata} as old as {@code age} at {@link #NOW}. */
    private static void old(Path snapshot, Duration age) throws IOException {
        Files.setLastModifiedTime(snapshot.resolve("_metadata"), FileTime.from(NOW.minus(age)));
    }
}
