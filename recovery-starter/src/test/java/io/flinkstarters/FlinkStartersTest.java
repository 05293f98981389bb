package io.flinkstarters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.Snapshots;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlinkStartersTest {

    @TempDir
    Path dir;

    @Test
    void combinedConfigurationHasBothStartersAndThePassThroughKeys() {
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "file:///tmp/checkpoints"
                flink.conf { "pipeline.name" = health-consumer }
                """));

        Configuration flink = settings.toConfiguration();

        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).hasSeconds(60);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(flink.get(PipelineOptions.NAME)).isEqualTo("health-consumer");
    }

    /** A test application's own section: {@code demo.rate}. */
    private static final ApplicationSection<Duration> DEMO = new ApplicationSection<>() {
        @Override
        public String root() {
            return "demo";
        }

        @Override
        public Duration read(ConfigReader reader, CheckpointSettings checkpoint) {
            return reader.positiveDuration("demo.rate");
        }
    };

    @Test
    void applicationSectionIsValidatedTogetherWithTheStarters() {
        Throwable thrown = catchThrowable(() -> FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint.interval = -1s
                demo { rate = 0s, rat = 2s }
                """), DEMO));

        assertThat(((InvalidConfigurationException) thrown).problems())
                .extracting(problem -> problem.key())
                .containsExactlyInAnyOrder(
                        "flink.checkpoint.interval", "flink.checkpoint.storage.dir", "demo.rate", "demo.rat");
    }

    @Test
    void applicationSectionValuesAndSummaryComeBackWithTheStarters() {
        ValidatedSettings<java.time.Duration> validated = FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "file:///tmp/checkpoints"
                demo.rate = 250ms
                """), DEMO);

        assertThat(validated.application()).hasMillis(250);
        assertThat(validated.starters().describe()).contains("demo.rate = 250ms (");
    }

    @Test
    void latestRetainedSetsTheRestorePath() throws IOException {
        Snapshots.checkpointWithoutState(dir.resolve("checkpoints/0123/chk-12"), 12);

        StarterSettings settings = FlinkStarters.settings(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                flink.recovery.restore { from = latest-retained, allow-non-restored-state = true, claim-mode = claim }
                """.formatted(dir.resolve("checkpoints").toUri())));

        assertThat(settings.restorePoint())
                .get()
                .extracting(RestorePoint::path)
                .asString()
                .endsWith("/0123/chk-12");
        Configuration flink = settings.toConfiguration();
        assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_PATH)).endsWith("/0123/chk-12");
        assertThat(flink.get(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE))
                .isTrue();
        assertThat(flink.get(StateRecoveryOptions.RESTORE_MODE)).isEqualTo(RecoveryClaimMode.CLAIM);
        assertThat(settings.describe()).contains("restore point: checkpoint ").contains("/0123/chk-12");
    }

    @Test
    void latestRetainedOnAFirstDeploymentStartsEmpty() {
        StarterSettings settings = FlinkStarters.settings(
                TestConfigs.load(dir, """
                flink.checkpoint.storage.dir = "%s"
                flink.recovery.restore.from = latest-retained
                """.formatted(dir.resolve("checkpoints").toUri())));

        assertThat(settings.restorePoint()).isEmpty();
        assertThat(settings.toConfiguration().getOptional(StateRecoveryOptions.SAVEPOINT_PATH))
                .isEmpty();
        assertThat(settings.describe())
                .contains("restore point: none (empty state)")
                .contains("warning: flink.recovery.restore.from = latest-retained (")
                .contains("the job starts from empty state, as a first deployment does");
    }

    @Test
    void stateKeptAcrossDeploymentsWithoutAMaxParallelismIsWarnedAbout() {
        String storage = "flink.checkpoint.storage.dir = \"file:///tmp/checkpoints\"\n";

        StarterSettings implicit = FlinkStarters.settings(TestConfigs.load(dir, storage));

        assertThat(implicit.warnings()).singleElement().satisfies(warning -> {
            assertThat(warning.key()).isEqualTo("flink.checkpoint.retention");
            assertThat(warning.message())
                    .startsWith("keeps state across deployments, but no max parallelism is set")
                    .contains("flink.conf { \"pipeline.max-parallelism\" = 128 }");
        });
        assertThat(FlinkStarters.settings(
                                TestConfigs.load(dir, storage + "flink.conf { \"pipeline.max-parallelism\" = 64 }"))
                        .warnings())
                .isEmpty();
        assertThat(FlinkStarters.settings(TestConfigs.load(dir, storage + "flink.checkpoint.retention = none"))
                        .warnings())
                .as("nothing is kept")
                .isEmpty();
    }

    @Test
    void describeShowsEffectiveSettingsWithOriginsAndNoSecrets() {
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(
                dir,
                """
                flink.checkpoint.storage.dir = "file:///tmp/checkpoints"
                flink.conf { "security.ssl.internal.keystore-password" = hunter22 }
                """,
                Map.of(
                        "FLINK_RESTART_ATTEMPTS",
                        "5",
                        "FLINK_S3_SECRET_KEY",
                        "env-secret",
                        "FLINK_S3_ACCESS_KEY",
                        "AKIAEXAMPLE")));

        assertThat(settings.describe())
                .contains("flink.recovery.restart-strategy.fixed-delay.attempts = 5 (env FLINK_RESTART_ATTEMPTS)")
                .contains("flink.checkpoint.interval = 60s (default (reference.conf:")
                .contains("flink.checkpoint.s3.secret-key = ****** (env FLINK_S3_SECRET_KEY)")
                .doesNotContain("hunter22", "env-secret", "AKIAEXAMPLE");
        assertThat(settings.toString()).doesNotContain("hunter22", "env-secret", "AKIAEXAMPLE");
    }

    @Test
    void preflightWritesAndDeletesAProbeInEachStorageDirectory() throws Exception {
        Path checkpoints = dir.resolve("checkpoints");
        Path savepoints = dir.resolve("savepoints");

        FlinkStarters.settings(TestConfigs.load(
                dir,
                "flink.checkpoint.storage { dir = \"%s\", savepoint-dir = \"%s\" }"
                        .formatted(checkpoints.toUri(), savepoints.toUri())));

        assertThat(checkpoints).as("probed, so created").isDirectory().isEmptyDirectory();
        assertThat(savepoints).isDirectory().isEmptyDirectory();
    }

    @Test
    void preflightNamesTheStorageThatCannotBeWritten() throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        String unwritable = file.resolve("checkpoints").toUri().toString();

        assertThat(catchThrowable(() -> FlinkStarters.settings(
                        TestConfigs.load(dir, "flink.checkpoint.storage.dir = \"" + unwritable + "\""))))
                .isInstanceOf(InvalidConfigurationException.class)
                .hasMessageContaining("flink.checkpoint.storage.dir = " + unwritable + " ("
                        + dir.resolve("application.conf") + ":1): is not writable:"
                        + " could not write and delete a probe object there (FileAlreadyExistsException: " + file + ")")
                .hasMessageContaining("(to submit anyway, set flink.starters.preflight.enabled = false)");

        StarterSettings unchecked = FlinkStarters.settings(TestConfigs.load(
                dir,
                "flink.checkpoint.storage.dir = \"" + unwritable + "\"\n",
                Map.of("FLINK_PREFLIGHT_ENABLED", "false")));
        assertThat(unchecked.preflight().enabled()).isFalse();
    }
}
