package io.flinkstarters.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.InstanceOfAssertFactories.STRING;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CheckpointSettingsTest {

    private static final String WITH_DIR = "flink.checkpoint.storage.dir = \"file:///tmp/checkpoints\"\n";

    @TempDir
    Path dir;

    private CheckpointSettings settings(String hocon) {
        return CheckpointSettings.from(TestConfigs.load(dir, hocon));
    }

    private CheckpointSettings settings(String hocon, Map<String, String> env) {
        return CheckpointSettings.from(TestConfigs.load(dir, hocon, env));
    }

    private InvalidConfigurationException problems(String hocon) {
        return problems(hocon, Map.of());
    }

    private InvalidConfigurationException problems(String hocon, Map<String, String> env) {
        try {
            settings(hocon, env);
        } catch (InvalidConfigurationException e) {
            return e;
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + hocon);
    }

    @Test
    void defaultsAreTheProductionPromise() {
        CheckpointSettings settings = settings(WITH_DIR);

        assertThat(settings.enabled()).isTrue();
        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(60));
        assertThat(settings.mode()).isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(10));
        assertThat(settings.minPause()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.maxConcurrent()).isEqualTo(1);
        assertThat(settings.tolerableFailures()).isEqualTo(3);
        assertThat(settings.retention()).isEqualTo(Retention.RETAIN_ON_CANCELLATION);
        assertThat(settings.retained()).isEqualTo(1);
        assertThat(settings.unaligned()).isEqualTo(new UnalignedSettings(false, Duration.ZERO, false));
        assertThat(settings.stateBackend())
                .isEqualTo(new StateBackendSettings(StateBackendType.ROCKSDB, true, false, true, TimerStore.ROCKSDB));
        assertThat(settings.storage().savepointDir()).isEmpty();
        assertThat(settings.s3().isConfigured()).isFalse();
    }

    @Test
    void defaultsBecomeFlinkOptions() {
        Configuration flink = settings(WITH_DIR).toConfiguration();

        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(60));
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE))
                .isEqualTo(CheckpointingMode.EXACTLY_ONCE);
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_TIMEOUT)).isEqualTo(Duration.ofMinutes(10));
        assertThat(flink.get(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(flink.get(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS)).isEqualTo(1);
        assertThat(flink.get(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)).isEqualTo(3);
        assertThat(flink.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(flink.get(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)).isEqualTo(1);
        assertThat(flink.get(CheckpointingOptions.ENABLE_UNALIGNED)).isFalse();
        assertThat(flink.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(flink.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();
        assertThat(flink.get(StateRecoveryOptions.LOCAL_RECOVERY)).isFalse();
        assertThat(flink.getString("state.backend.rocksdb.use-bloom-filter", null))
                .isEqualTo("true");
        assertThat(flink.getString("state.backend.rocksdb.timer-service.factory", null))
                .isEqualTo("ROCKSDB");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINT_STORAGE)).isEqualTo("filesystem");
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY)).isEqualTo("file:///tmp/checkpoints");
    }

    @Test
    void everyWrittenOptionIsModeledSoPassThroughCannotShadowIt() {
        Configuration flink = settings(WITH_DIR + """
                flink.checkpoint.storage.savepoint-dir = "s3://bucket/savepoints"
                flink.checkpoint.s3 { endpoint = "http://127.0.0.1:9000", path-style-access = true, access-key = a, secret-key = b }
                """).toConfiguration();

        assertThat(CheckpointSettings.TABLE.ownerByFlinkKey())
                .containsKeys(flink.keySet().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource({
        "FLINK_CHECKPOINT_INTERVAL_MS, 5000, interval, PT5S",
        "FLINK_CHECKPOINT_TIMEOUT_MS, 120000, timeout, PT2M",
        "FLINK_MIN_PAUSE_BETWEEN_CHECKPOINTS_MS, 1000, minPause, PT1S",
        "FLINK_MAX_CONCURRENT_CHECKPOINTS, 2, maxConcurrent, 2",
        "FLINK_CHECKPOINT_MODE, AT_LEAST_ONCE, mode, AT_LEAST_ONCE",
        "FLINK_CHECKPOINT_MODE, EXACTLY_ONCE, mode, EXACTLY_ONCE",
        "FLINK_STATE_BACKEND, hashmap, stateBackend.type, HASHMAP",
        "FLINK_STATE_BACKEND, rocksdb, stateBackend.type, ROCKSDB",
        "FLINK_CHECKPOINT_STORAGE, s3a://flink-checkpoints/health-consumer, storage.dir, Optional[s3a://flink-checkpoints/health-consumer]",
        "FLINK_TOLERABLE_FAILED_CHECKPOINTS, 7, tolerableFailures, 7",
        "FLINK_SAVEPOINT_STORAGE, file:///savepoints, storage.savepointDir, Optional[file:///savepoints]",
    })
    void predecessorEnvironmentVariablesOverrideTheDefaults(
            String variable, String value, String property, String expected) {
        CheckpointSettings settings = settings(WITH_DIR, Map.of(variable, value));

        assertThat(String.valueOf(property(settings, property))).isEqualTo(expected);
    }

    private static Object property(CheckpointSettings settings, String property) {
        return switch (property) {
            case "interval" -> settings.interval();
            case "timeout" -> settings.timeout();
            case "minPause" -> settings.minPause();
            case "maxConcurrent" -> settings.maxConcurrent();
            case "mode" -> settings.mode();
            case "stateBackend.type" -> settings.stateBackend().type();
            case "storage.dir" -> settings.storage().dir();
            case "storage.savepointDir" -> settings.storage().savepointDir();
            case "tolerableFailures" -> settings.tolerableFailures();
            default -> throw new IllegalArgumentException(property);
        };
    }

    @Test
    void environmentBeatsApplicationConfWhichBeatsReferenceConf() {
        String hocon = WITH_DIR + "flink.checkpoint { interval = 20s, timeout = 5m }\n";

        CheckpointSettings settings = settings(hocon, Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "40000"));

        assertThat(settings.interval()).isEqualTo(Duration.ofSeconds(40));
        assertThat(settings.timeout()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.minPause()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void problemNamesKeyValueOriginAndWhatIsAllowed() {
        InvalidConfigurationException e = problems(WITH_DIR + "flink.checkpoint.interval = -5s\n");

        assertThat(e.problems()).hasSize(1);
        Problem problem = e.problems().get(0);
        assertThat(problem.key()).isEqualTo("flink.checkpoint.interval");
        assertThat(problem.value()).isEqualTo("-5s");
        assertThat(problem.origin()).endsWith("application.conf:2");
        assertThat(problem.toString())
                .matches(
                        "flink\\.checkpoint\\.interval = -5s \\(.*application\\.conf:2\\): must be a duration of at least 10ms.*");
    }

    @Test
    void problemFromAnEnvironmentVariableNamesTheVariable() {
        InvalidConfigurationException e = problems(WITH_DIR, Map.of("FLINK_CHECKPOINT_MODE", "SOMETIMES"));

        assertThat(e.getMessage())
                .contains(
                        "flink.checkpoint.mode = SOMETIMES (env FLINK_CHECKPOINT_MODE): must be one of exactly-once, at-least-once");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = problems("""
                flink.checkpoint {
                  interval = soon
                  max-concurrent = 0
                  retention = forever
                  state-backend.type = memory
                }
                """);

        assertThat(e.problems())
                .extracting(Problem::key)
                .containsExactlyInAnyOrder(
                        "flink.checkpoint.interval",
                        "flink.checkpoint.max-concurrent",
                        "flink.checkpoint.retention",
                        "flink.checkpoint.state-backend.type");
        assertThat(e.getMessage()).contains("(4 problems)");
    }

    @Test
    void minPauseMustBeShorterThanTheInterval() {
        assertThat(problems(WITH_DIR + "flink.checkpoint { interval = 10s, min-pause = 10s }")
                        .getMessage())
                .contains("flink.checkpoint.min-pause = 10s")
                .contains("must be shorter than flink.checkpoint.interval (10s)");
    }

    @Test
    void defaultMinPauseShrinksToHalfAShortInterval() {
        CheckpointSettings settings = settings(WITH_DIR, Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "5000"));

        assertThat(settings.minPause()).isEqualTo(Duration.ofMillis(2500));
        assertThat(settings(WITH_DIR + "flink.checkpoint { interval = 5s, min-pause = 1s }")
                        .minPause())
                .isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void retentionNeedsACheckpointDirectory() {
        assertThat(problems("").getMessage())
                .contains("flink.checkpoint.storage.dir = null (default (reference.conf:")
                .contains("retain-on-cancellation, which needs a checkpoint directory");
        assertThat(settings("flink.checkpoint.retention = none").storage().dir())
                .isEmpty();
    }

    @Test
    void unalignedNeedsExactlyOnceAndOneConcurrentCheckpoint() {
        InvalidConfigurationException e = problems(WITH_DIR + """
                flink.checkpoint { unaligned.enabled = true, mode = at-least-once, max-concurrent = 2 }
                """);

        assertThat(e.problems())
                .extracting(Problem::message)
                .anyMatch(message -> message.contains("need flink.checkpoint.mode = exactly-once"))
                .anyMatch(message -> message.contains("need flink.checkpoint.max-concurrent = 1"));
        assertThat(settings(WITH_DIR + "flink.checkpoint.unaligned { enabled = true, aligned-timeout = 5s }")
                        .unaligned())
                .isEqualTo(new UnalignedSettings(true, Duration.ofSeconds(5), false));
    }

    @Test
    void explicitIncrementalNeedsRocksDb() {
        assertThat(problems(WITH_DIR + "flink.checkpoint.state-backend { type = hashmap, incremental = true }")
                        .getMessage())
                .contains("flink.checkpoint.state-backend.incremental = true")
                .contains("incremental checkpoints need flink.checkpoint.state-backend.type = rocksdb (it is hashmap");
    }

    @Test
    void defaultIncrementalQuietlyDoesNotApplyToHashmap() {
        CheckpointSettings settings = settings(WITH_DIR, Map.of("FLINK_STATE_BACKEND", "hashmap"));

        assertThat(settings.effectiveIncremental()).isFalse();
        assertThat(settings.toConfiguration().get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                .isFalse();
        assertThat(settings.toConfiguration().get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo("hashmap");
    }

    @Test
    void explicitRocksDbFeaturesNeedRocksDb() {
        InvalidConfigurationException e = problems(
                WITH_DIR + "flink.checkpoint.state-backend { type = hashmap, bloom-filter = true, timers = rocksdb }");

        assertThat(e.problems())
                .extracting(Problem::message)
                .anyMatch(message -> message.contains(
                        "Bloom filters need flink.checkpoint.state-backend.type = rocksdb (it is hashmap"))
                .anyMatch(message -> message.contains(
                        "timers in RocksDB need flink.checkpoint.state-backend.type = rocksdb (it is hashmap"));
        assertThat(e.getMessage())
                .contains(
                        "flink.checkpoint.state-backend.bloom-filter = true",
                        "flink.checkpoint.state-backend.timers = rocksdb");
    }

    @Test
    void hashmapGetsNoRocksDbOptionsAndAcceptsWhatItDoesAnyway() {
        Configuration flink = settings(WITH_DIR
                        + "flink.checkpoint.state-backend { type = hashmap, bloom-filter = false, timers = heap }")
                .toConfiguration();

        assertThat(flink.keySet()).noneMatch(key -> key.startsWith("state.backend.rocksdb."));
    }

    @Test
    void rocksDbTuningFromTheEnvironment() {
        CheckpointSettings settings =
                settings(WITH_DIR, Map.of("FLINK_ROCKSDB_BLOOM_FILTER", "false", "FLINK_ROCKSDB_TIMERS", "heap"));

        assertThat(settings.stateBackend().bloomFilter()).isFalse();
        assertThat(settings.stateBackend().timers()).isEqualTo(TimerStore.HEAP);
        assertThat(settings.toConfiguration().getString("state.backend.rocksdb.timer-service.factory", null))
                .isEqualTo("HEAP");
        assertThat(settings.toConfiguration().getString("state.backend.rocksdb.use-bloom-filter", null))
                .isEqualTo("false");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "checkpoints | must be a URI with a scheme",
                "/var/flink/checkpoints | must be a URI with a scheme",
                "file:/// | must name a directory below the root",
                "s3://bucket/ | must name a directory below the root",
                "s3:///no-bucket | must name a bucket",
            })
    void directoriesAreWhatFlinkAccepts(String directory, String rule) {
        assertThat(problems("flink.checkpoint.storage.savepoint-dir = \"" + directory + "\"\n" + WITH_DIR)
                        .getMessage())
                .contains("flink.checkpoint.storage.savepoint-dir = " + directory + " (")
                .contains(rule);
    }

    @Test
    void customS3EndpointNeedsCredentialsAndPathStyleForLocalHosts() {
        InvalidConfigurationException e = problems("""
                flink.checkpoint.storage.dir = "s3://bucket/checkpoints"
                flink.checkpoint.s3.endpoint = "http://localhost:9000"
                """);

        assertThat(e.getMessage())
                .contains("flink.checkpoint.s3.endpoint = http://localhost:9000")
                .contains("a custom S3 endpoint needs credentials")
                .contains("flink.checkpoint.s3.path-style-access = false")
                .contains("must be true for the endpoint localhost");
    }

    @Test
    void s3SettingsBecomeFlinkS3Keys() {
        Configuration flink = settings("""
                flink.checkpoint.storage.dir = "s3://bucket/checkpoints"
                flink.checkpoint.s3 { endpoint = "http://minio:9000", path-style-access = true, access-key = admin, secret-key = hunter22 }
                """).toConfiguration();

        assertThat(flink.toMap())
                .containsEntry("s3.endpoint", "http://minio:9000")
                .containsEntry("s3.path.style.access", "true")
                .containsEntry("s3.access-key", "admin")
                .containsEntry("s3.secret-key", "hunter22");
    }

    @Test
    void secretsNeverAppearInProblemsOrSettings() {
        InvalidConfigurationException e = problems("""
                flink.checkpoint.storage.dir = "s3://bucket/checkpoints"
                flink.checkpoint.s3 { endpoint = "http://localhost:9000", access-key = AKIAEXAMPLE, secret-key = hunter22 }
                flink.checkpoint.interval = -1s
                """, Map.of("FLINK_S3_SECRET_KEY", "env-secret-value"));

        assertThat(e.getMessage()).doesNotContain("hunter22", "AKIAEXAMPLE", "env-secret-value");

        CheckpointSettings settings = settings("""
                flink.checkpoint.storage.dir = "s3://bucket/checkpoints"
                flink.checkpoint.s3 { endpoint = "http://localhost:9000", path-style-access = true, access-key = AKIAEXAMPLE, secret-key = hunter22 }
                """);
        assertThat(settings.toString())
                .doesNotContain("hunter22", "AKIAEXAMPLE")
                .contains("******");
    }

    @Test
    void credentialsComeInPairs() {
        assertThat(problems(WITH_DIR + "flink.checkpoint.s3.access-key = only-me")
                        .getMessage())
                .contains("flink.checkpoint.s3.secret-key = null")
                .contains("must be set together with flink.checkpoint.s3.access-key");
    }

    @Test
    void disabledCheckpointingSetsNoInterval() {
        CheckpointSettings settings = settings("flink.checkpoint { enabled = false, retention = none }");

        assertThat(settings.toConfiguration().getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL))
                .isEmpty();
        assertThat(settings.toConfiguration().get(CheckpointingOptions.CHECKPOINT_STORAGE))
                .isEqualTo("jobmanager");
    }

    @Test
    void backlogIntervalIsZeroOrAtLeastTheInterval() {
        InvalidConfigurationException e = problems(WITH_DIR + """
                flink.checkpoint { interval = 30s, interval-during-backlog = 10s, mode = sometimes }
                """);

        assertThat(e.problems()).extracting(Problem::key).contains("flink.checkpoint.interval-during-backlog");
        assertThat(e.getMessage())
                .contains("flink.checkpoint.interval-during-backlog = 10s (")
                .contains("must be 0 (no checkpoints while a source catches up) or at least"
                        + " flink.checkpoint.interval (30s)")
                .contains("flink.checkpoint.mode = sometimes");
        assertThat(settings(WITH_DIR + "flink.checkpoint { interval = 30s, interval-during-backlog = 0 }")
                        .toConfiguration()
                        .get(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG))
                .isZero();
        assertThat(settings(WITH_DIR, Map.of("FLINK_CHECKPOINT_INTERVAL_DURING_BACKLOG_MS", "300000"))
                        .toConfiguration()
                        .get(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG))
                .isEqualTo(Duration.ofMinutes(5));
        assertThat(settings(WITH_DIR)
                        .toConfiguration()
                        .getOptional(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG))
                .as("unset keeps the interval")
                .isEmpty();
    }

    @Test
    void fileMergingIsOffByDefaultAndBecomesFlinkOptions() {
        assertThat(settings(WITH_DIR).fileMerging()).isEqualTo(new FileMergingSettings(false, false, 2.0));
        assertThat(settings(WITH_DIR).toConfiguration().get(CheckpointingOptions.FILE_MERGING_ENABLED))
                .isFalse();

        Configuration flink = settings(WITH_DIR + """
                        flink.checkpoint.file-merging { enabled = true, across-checkpoints = true, max-space-amplification = 1.5 }
                        """).toConfiguration();

        assertThat(flink.get(CheckpointingOptions.FILE_MERGING_ENABLED)).isTrue();
        assertThat(flink.get(CheckpointingOptions.FILE_MERGING_ACROSS_BOUNDARY)).isTrue();
        assertThat(flink.get(CheckpointingOptions.FILE_MERGING_MAX_SPACE_AMPLIFICATION))
                .isEqualTo(1.5f);
        assertThat(problems(WITH_DIR
                                + "flink.checkpoint.file-merging { enabled = true, max-space-amplification = 0.5 }")
                        .getMessage())
                .contains("flink.checkpoint.file-merging.max-space-amplification = 0.5 (")
                .contains("must be a number from 1.0 to 100.0");
    }

    @Test
    void fileMergingDetailsWithoutFileMergingAreReportedAsIgnored() {
        ConfigReader reader = new ConfigReader(
                TestConfigs.load(dir, WITH_DIR + "flink.checkpoint.file-merging.across-checkpoints = true\n"));
        CheckpointSettings settings = CheckpointSettings.read(reader);

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings())
                .extracting(Problem::toString)
                .singleElement(STRING)
                .startsWith("flink.checkpoint.file-merging.across-checkpoints = true (")
                .contains("is ignored: it applies only when flink.checkpoint.file-merging.enabled = true");
        assertThat(settings.toConfiguration().getOptional(CheckpointingOptions.FILE_MERGING_ACROSS_BOUNDARY))
                .isEmpty();
    }

    @Test
    void interruptibleTimersApplyToUnalignedCheckpointsOnly() {
        Configuration unaligned = settings(
                        WITH_DIR + "flink.checkpoint.unaligned { enabled = true, interruptible-timers = true }")
                .toConfiguration();
        Configuration aligned = settings(WITH_DIR + "flink.checkpoint.unaligned.interruptible-timers = true")
                .toConfiguration();

        assertThat(CheckpointingOptions.isUnalignedCheckpointInterruptibleTimersEnabled(unaligned))
                .isTrue();
        assertThat(aligned.getOptional(CheckpointingOptions.ENABLE_UNALIGNED_INTERRUPTIBLE_TIMERS))
                .isEmpty();
    }
}
