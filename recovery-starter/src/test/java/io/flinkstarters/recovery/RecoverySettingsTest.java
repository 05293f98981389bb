package io.flinkstarters.recovery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.typesafe.config.Config;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecoverySettingsTest {

    private static final String WITH_DIR = "flink.checkpoint.storage.dir = \"file:///tmp/checkpoints\"\n";

    @TempDir
    Path dir;

    private RecoverySettings settings(String hocon, Map<String, String> env) {
        return FlinkStarters.settings(TestConfigs.load(dir, WITH_DIR + hocon, env))
                .recovery();
    }

    private RecoverySettings settings(String hocon) {
        return settings(hocon, Map.of());
    }

    private String problems(String hocon) {
        try {
            settings(hocon);
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the configuration to be rejected:\n" + hocon);
    }

    @Test
    void defaultsAreThePredecessorsProductionChoice() {
        RecoverySettings settings = settings("");

        assertThat(settings.restartStrategy())
                .isEqualTo(new RestartStrategySettings.FixedDelay(3, Duration.ofSeconds(10)));
        assertThat(settings.failoverStrategy()).isEqualTo(FailoverStrategy.REGION);
        assertThat(settings.restore())
                .isEqualTo(new RestoreSettings(
                        RestoreFrom.NONE,
                        Optional.empty(),
                        false,
                        ClaimMode.NO_CLAIM,
                        false,
                        Optional.empty(),
                        MaxAgeAction.REFUSE));
    }

    @Test
    void restoreSafetyComesFromTheEnvironmentLikeTheOtherRestoreKeys() {
        // Read without resolving: nothing is retained under the test's directory.
        Config config = TestConfigs.load(
                dir,
                WITH_DIR,
                Map.of(
                        "FLINK_RESTORE_FROM", "latest-retained",
                        "FLINK_RESTORE_REQUIRE_STATE", "true",
                        "FLINK_RESTORE_MAX_AGE_MS", "86400000",
                        "FLINK_RESTORE_MAX_AGE_ACTION", "warn"));
        RestoreSettings restore =
                RecoverySettings.from(config, CheckpointSettings.from(config)).restore();

        assertThat(restore.requireState()).isTrue();
        assertThat(restore.maxAge()).contains(Duration.ofHours(24));
        assertThat(restore.maxAgeAction()).isEqualTo(MaxAgeAction.WARN);
    }

    @Test
    void restoreSafetyProblemsAreReportedAtOnce() {
        assertThat(problems("""
                        flink.recovery.restore { from = latest-retained, require-state = maybe, max-age = 0s, max-age-action = ignore }
                        """))
                .contains("flink.recovery.restore.require-state = maybe (")
                .contains("must be true or false")
                .contains("flink.recovery.restore.max-age = 0s (")
                .contains("must be a positive duration, in whole milliseconds")
                .contains("flink.recovery.restore.max-age-action = ignore (")
                .contains("must be one of refuse, warn")
                .contains("(3 problems)");
    }

    @Test
    void restartStrategyIsAlwaysWrittenExplicitly() {
        Configuration flink = settings("").toConfiguration(Optional.empty());

        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("fixed-delay");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS))
                .isEqualTo(3);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY))
                .isEqualTo(Duration.ofSeconds(10));
        assertThat(flink.get(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY)).isEqualTo("region");
        assertThat(flink.getOptional(StateRecoveryOptions.SAVEPOINT_PATH)).isEmpty();
        assertThat(RecoverySettings.TABLE.ownerByFlinkKey())
                .containsKeys(flink.keySet().toArray(String[]::new));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "FLINK_RESTART_STRATEGY=failure-rate | FailureRate[maxFailures=3, interval=PT5M, delay=PT10S]",
                "FLINK_RESTART_STRATEGY=none | NoRestart[]",
                "FLINK_RESTART_ATTEMPTS=5 | FixedDelay[attempts=5, delay=PT10S]",
                "FLINK_RESTART_DELAY_MS=2500 | FixedDelay[attempts=3, delay=PT2.5S]",
                "FLINK_RESTART_STRATEGY=failure-rate,FLINK_FAILURE_RATE_MAX_FAILURES=4 | FailureRate[maxFailures=4, interval=PT5M, delay=PT10S]",
                "FLINK_RESTART_STRATEGY=failure-rate,FLINK_FAILURE_RATE_INTERVAL_MS=60000 | FailureRate[maxFailures=3, interval=PT1M, delay=PT10S]",
                "FLINK_RESTART_STRATEGY=failure-rate,FLINK_FAILURE_RATE_DELAY_MS=500 | FailureRate[maxFailures=3, interval=PT5M, delay=PT0.5S]",
                "FLINK_RESTART_STRATEGY=exponential-delay | ExponentialDelay[initialBackoff=PT1S, maxBackoff=PT1M, multiplier=1.5, resetThreshold=PT1H, jitter=0.1, maxAttempts=20]",
            })
    void predecessorEnvironmentVariablesSelectAndTuneTheStrategy(String assignments, String expected) {
        Map<String, String> env = new HashMap<>();
        for (String assignment : assignments.split(",")) {
            String[] parts = assignment.split("=", 2);
            env.put(parts[0].trim(), parts[1].trim());
        }

        assertThat(settings("", env).restartStrategy()).hasToString(expected);
    }

    @Test
    void exponentialDelayMapsOntoFlinkOptions() {
        Configuration flink = settings("""
                flink.recovery.restart-strategy {
                  type = exponential-delay
                  exponential-delay { initial-backoff = 2s, max-backoff = 30s, multiplier = 2.0, reset-threshold = 10m, jitter = 0.2, max-attempts = 7 }
                }
                """).toConfiguration(Optional.empty());

        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER))
                .isEqualTo(2.0);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR))
                .isEqualTo(0.2);
        assertThat(flink.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .isEqualTo(7);
    }

    @Test
    void exponentialDelayRules() {
        String message = problems("""
                flink.recovery.restart-strategy {
                  type = exponential-delay
                  exponential-delay { initial-backoff = 1m, max-backoff = 10s, jitter = 1.5, multiplier = 0.5 }
                }
                """);

        assertThat(message)
                .contains("flink.recovery.restart-strategy.exponential-delay.max-backoff = 10s")
                .contains("must be at least flink.recovery.restart-strategy.exponential-delay.initial-backoff (1m)")
                .contains("flink.recovery.restart-strategy.exponential-delay.jitter = 1.5")
                .contains("must be a number from 0.0 to 1.0")
                .contains("flink.recovery.restart-strategy.exponential-delay.multiplier = 0.5");
    }

    @Test
    void unknownStrategyListsTheAllowedOnes() {
        assertThat(problems("", Map.of("FLINK_RESTART_STRATEGY", "forever")))
                .contains(
                        "flink.recovery.restart-strategy.type = forever (env FLINK_RESTART_STRATEGY): must be one of fixed-delay, failure-rate, exponential-delay, none");
    }

    private String problems(String hocon, Map<String, String> env) {
        try {
            settings(hocon, env);
        } catch (InvalidConfigurationException e) {
            return e.getMessage();
        }
        throw new AssertionError("expected the configuration to be rejected");
    }

    @Test
    void heartbeatDefaultsNoticeALostTaskManagerFastAndAreClusterLevel() {
        StarterSettings starters = FlinkStarters.settings(TestConfigs.load(dir, WITH_DIR));

        assertThat(starters.recovery().heartbeat())
                .isEqualTo(new HeartbeatSettings(Duration.ofMillis(500), Duration.ofSeconds(15)));
        Configuration cluster = starters.clusterConfiguration();
        assertThat(cluster.get(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)).isEqualTo(Duration.ofMillis(500));
        assertThat(cluster.get(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT)).isEqualTo(Duration.ofSeconds(15));
        assertThat(settings("", Map.of("FLINK_HEARTBEAT_INTERVAL_MS", "2000", "FLINK_HEARTBEAT_TIMEOUT_MS", "30000"))
                        .heartbeat())
                .isEqualTo(new HeartbeatSettings(Duration.ofSeconds(2), Duration.ofSeconds(30)));
    }

    @Test
    void heartbeatTimeoutMustBeAtLeastTheInterval() {
        assertThat(problems("flink.recovery.heartbeat { interval = 5s, timeout = 4s }"))
                .contains("flink.recovery.heartbeat.timeout = 4s")
                .contains("must be at least flink.recovery.heartbeat.interval (5s)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "fixed-delay { attempts = 3, delay = 10s } | PT30S",
                "failure-rate { max-failures = 3, interval = 5m, delay = 10s } | PT20S",
                "failure-rate { max-failures = 3, interval = 10s, delay = 10s } | never",
                "exponential-delay { initial-backoff = 1s, max-backoff = 4s, multiplier = 2.0, jitter = 0.5, max-attempts = 4 } | PT5.5S",
            })
    void restartBudgetIsHowLongInstantFailuresTakeToUseItUp(String strategy, String expected) {
        String type = strategy.substring(0, strategy.indexOf(' '));
        RestartStrategySettings settings = settings(
                        "flink.recovery.restart-strategy { type = " + type + ", " + strategy + " }")
                .restartStrategy();

        assertThat(settings.exhaustedAfter().map(Duration::toString).orElse("never"))
                .isEqualTo(expected);
    }

    @Test
    void warnsWhenOneTaskManagerLossCanUseUpTheRestarts() {
        assertThat(warnings("flink.recovery.restart-strategy.fixed-delay { attempts = 2, delay = 1s }"))
                .singleElement()
                .satisfies(warning -> {
                    assertThat(warning.key()).isEqualTo(RecoverySettings.RESTART_TYPE.key());
                    assertThat(warning.message())
                            .contains("restarts are used up 2s after a failure")
                            .contains("flink.recovery.heartbeat.timeout = 15s")
                            .contains("one TaskManager loss can fail the job");
                });
        assertThat(warnings("flink.recovery.restart-strategy.type = none")).hasSize(1);
        assertThat(warnings(""))
                .as("the defaults outlast the heartbeat timeout")
                .isEmpty();
        assertThat(warnings("flink.recovery.restart-strategy.fixed-delay { attempts = 20, delay = 1s }"))
                .isEmpty();
    }

    private List<Problem> warnings(String hocon) {
        ConfigReader reader = new ConfigReader(TestConfigs.load(dir, WITH_DIR + hocon));
        RecoverySettings.read(reader, CheckpointSettings.read(reader));
        reader.throwIfInvalid();
        return reader.warnings();
    }

    @Test
    void restoreFromPathNeedsAnExistingCompletedSnapshot() {
        assertThat(problems("flink.recovery.restore.from = path"))
                .contains("flink.recovery.restore.path = null")
                .contains("flink.recovery.restore.from = path needs flink.recovery.restore.path");

        String missing = dir.resolve("chk-7").toUri().toString();
        assertThat(problems("flink.recovery.restore { from = path, path = \"" + missing + "\" }"))
                .contains("flink.recovery.restore.path = " + missing)
                .contains("is not a completed checkpoint or savepoint: it must exist and hold _metadata");
    }

    @Test
    void latestRetainedNeedsSomewhereToLook() {
        assertThatThrownBy(() -> FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint.retention = none
                flink.recovery.restore.from = latest-retained
                """)))
                .hasMessageContaining("flink.recovery.restore.from = latest-retained")
                .hasMessageContaining("latest-retained needs somewhere to look");
    }

    @Test
    void problemsOfBothStartersAndPassThroughAreReportedTogether() {
        InvalidConfigurationException e = (InvalidConfigurationException)
                catchThrowable(() -> FlinkStarters.settings(TestConfigs.load(dir, """
                        flink.checkpoint.interval = 0s
                        flink.recovery.restart-strategy.fixed-delay.attempts = -1
                        flink.recovery.failover = full
                        flink.conf { "restart-strategy.type" = none }
                        """)));

        assertThat(e.problems())
                .extracting(problem -> problem.key())
                .containsExactlyInAnyOrder(
                        "flink.recovery.failover",
                        "flink.checkpoint.interval",
                        "flink.checkpoint.storage.dir",
                        "flink.recovery.restart-strategy.fixed-delay.attempts",
                        "flink.conf.\"restart-strategy.type\"");
        assertThat(e.getMessage()).contains("did you mean flink.recovery.failover-strategy?");
    }
}
