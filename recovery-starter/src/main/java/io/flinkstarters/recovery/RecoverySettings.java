package io.flinkstarters.recovery;

import static io.flinkstarters.config.SettingType.bool;
import static io.flinkstarters.config.SettingType.choice;
import static io.flinkstarters.config.SettingType.nonNegativeDuration;
import static io.flinkstarters.config.SettingType.numberAbove;
import static io.flinkstarters.config.SettingType.numberBetween;
import static io.flinkstarters.config.SettingType.optionalLocation;
import static io.flinkstarters.config.SettingType.orNull;
import static io.flinkstarters.config.SettingType.positiveDuration;
import static io.flinkstarters.config.SettingType.wholeNumber;

import com.typesafe.config.Config;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingValues;
import io.flinkstarters.config.SettingsTable;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * The validated {@code flink.recovery} settings: restart strategy, failover strategy, how fast a lost
 * TaskManager is noticed, and what a job restores from when it is submitted. Every key is a row of
 * {@link #TABLE}; only the chosen restart strategy's rows are written to Flink.
 *
 * @param values every {@code flink.recovery} value, as read by {@link #TABLE}
 */
@PublicEvolving
public record RecoverySettings(SettingValues values) {

    public static final String PREFIX = "flink.recovery";
    private static final String RESTART = PREFIX + ".restart-strategy";

    public static final Setting<RestartStrategyType> RESTART_TYPE = Setting.of(
                    RESTART + ".type", choice(RestartStrategyType.class))
            .writes(RestartStrategyOptions.RESTART_STRATEGY, RestartStrategyType::flinkName);

    public static final Setting<Integer> FIXED_DELAY_ATTEMPTS = Setting.of(
                    RESTART + ".fixed-delay.attempts", wholeNumber(0))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.FIXED_DELAY);
    public static final Setting<Duration> FIXED_DELAY_DELAY = Setting.of(
                    RESTART + ".fixed-delay.delay", nonNegativeDuration())
            .writes(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.FIXED_DELAY);

    public static final Setting<Integer> FAILURE_RATE_MAX_FAILURES = Setting.of(
                    RESTART + ".failure-rate.max-failures", wholeNumber(1))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.FAILURE_RATE);
    public static final Setting<Duration> FAILURE_RATE_INTERVAL = Setting.of(
                    RESTART + ".failure-rate.interval", positiveDuration())
            .writes(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.FAILURE_RATE);
    public static final Setting<Duration> FAILURE_RATE_DELAY = Setting.of(
                    RESTART + ".failure-rate.delay", nonNegativeDuration())
            .writes(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.FAILURE_RATE);

    public static final Setting<Duration> EXPONENTIAL_INITIAL_BACKOFF = Setting.of(
                    RESTART + ".exponential-delay.initial-backoff", positiveDuration())
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);
    /** At least initial-backoff (a rule): the edge Flink accepts is the default initial-backoff. */
    public static final Setting<Duration> EXPONENTIAL_MAX_BACKOFF = Setting.of(
                    RESTART + ".exponential-delay.max-backoff",
                    positiveDuration().withFlinkLimits(List.of("1s"), List.of("0ms")))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);

    public static final Setting<Double> EXPONENTIAL_MULTIPLIER = Setting.of(
                    RESTART + ".exponential-delay.multiplier", numberAbove(1.0))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);
    public static final Setting<Duration> EXPONENTIAL_RESET_THRESHOLD = Setting.of(
                    RESTART + ".exponential-delay.reset-threshold", positiveDuration())
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);
    public static final Setting<Double> EXPONENTIAL_JITTER = Setting.of(
                    RESTART + ".exponential-delay.jitter", numberBetween(0.0, 1.0))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);
    public static final Setting<Integer> EXPONENTIAL_MAX_ATTEMPTS = Setting.of(
                    RESTART + ".exponential-delay.max-attempts", wholeNumber(1))
            .writes(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS)
            .onlyWhen(RESTART_TYPE, RestartStrategyType.EXPONENTIAL_DELAY);

    public static final Setting<FailoverStrategy> FAILOVER_STRATEGY = Setting.of(
                    PREFIX + ".failover-strategy", choice(FailoverStrategy.class))
            .writes(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY, FailoverStrategy::flinkName)
            .clusterLevel();
    public static final Setting<Duration> HEARTBEAT_INTERVAL = Setting.of(
                    PREFIX + ".heartbeat.interval", positiveDuration())
            .writes(HeartbeatManagerOptions.HEARTBEAT_INTERVAL)
            .clusterLevel();
    /** At least the interval (a rule, Flink's): the edge Flink accepts is the default interval. */
    public static final Setting<Duration> HEARTBEAT_TIMEOUT = Setting.of(
                    PREFIX + ".heartbeat.timeout", positiveDuration().withFlinkLimits(List.of("500ms"), List.of("0ms")))
            .writes(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT)
            .clusterLevel();

    /** Decides {@code execution.state-recovery.path}, which {@link #toConfiguration(Optional)} writes once resolved. */
    public static final Setting<RestoreFrom> RESTORE_FROM = Setting.of(
                    PREFIX + ".restore.from", choice(RestoreFrom.class))
            .controls(StateRecoveryOptions.SAVEPOINT_PATH);

    public static final Setting<Optional<String>> RESTORE_PATH = Setting.of(
                    PREFIX + ".restore.path",
                    optionalLocation(CheckpointSettings.S3_ACCESS_KEY + " and " + CheckpointSettings.S3_SECRET_KEY))
            .onlyWhen(RESTORE_FROM, RestoreFrom.PATH);
    public static final Setting<Boolean> ALLOW_NON_RESTORED_STATE = Setting.of(
                    PREFIX + ".restore.allow-non-restored-state", bool())
            .controls(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE)
            .onlyWhen(RESTORE_FROM, RestoreFrom.LATEST_RETAINED, RestoreFrom.PATH);
    public static final Setting<ClaimMode> CLAIM_MODE = Setting.of(
                    PREFIX + ".restore.claim-mode", choice(ClaimMode.class))
            .controls(StateRecoveryOptions.RESTORE_MODE)
            .onlyWhen(RESTORE_FROM, RestoreFrom.LATEST_RETAINED, RestoreFrom.PATH);

    /** With {@code from = none} an explicit {@code true} is a problem (a rule): such a job never restores. */
    public static final Setting<Boolean> REQUIRE_STATE = Setting.of(PREFIX + ".restore.require-state", bool())
            .onlyWhen(RESTORE_FROM, RestoreFrom.LATEST_RETAINED, RestoreFrom.PATH);

    public static final Setting<Optional<Duration>> MAX_AGE = Setting.of(
                    PREFIX + ".restore.max-age", orNull(positiveDuration()))
            .onlyWhen(RESTORE_FROM, RestoreFrom.LATEST_RETAINED);
    public static final Setting<MaxAgeAction> MAX_AGE_ACTION = Setting.of(
                    PREFIX + ".restore.max-age-action", choice(MaxAgeAction.class))
            .onlyWhen(RESTORE_FROM, RestoreFrom.LATEST_RETAINED);

    /** Every {@code flink.recovery} key, the Flink option it feeds and how. */
    @Internal
    public static final SettingsTable TABLE = SettingsTable.of(
            RESTART_TYPE,
            FIXED_DELAY_ATTEMPTS,
            FIXED_DELAY_DELAY,
            FAILURE_RATE_MAX_FAILURES,
            FAILURE_RATE_INTERVAL,
            FAILURE_RATE_DELAY,
            EXPONENTIAL_INITIAL_BACKOFF,
            EXPONENTIAL_MAX_BACKOFF,
            EXPONENTIAL_MULTIPLIER,
            EXPONENTIAL_RESET_THRESHOLD,
            EXPONENTIAL_JITTER,
            EXPONENTIAL_MAX_ATTEMPTS,
            FAILOVER_STRATEGY,
            HEARTBEAT_INTERVAL,
            HEARTBEAT_TIMEOUT,
            RESTORE_FROM,
            RESTORE_PATH,
            ALLOW_NON_RESTORED_STATE,
            CLAIM_MODE,
            REQUIRE_STATE,
            MAX_AGE,
            MAX_AGE_ACTION);

    /**
     * Reads and validates {@code flink.recovery} on its own (restore rules need the checkpoint
     * settings; use {@code FlinkStarters} to validate both together).
     */
    public static RecoverySettings from(Config config, CheckpointSettings checkpoint) {
        ConfigReader reader = new ConfigReader(config);
        RecoverySettings settings = read(reader, checkpoint);
        reader.throwIfInvalid();
        return settings;
    }

    /**
     * Reads {@code flink.recovery}, recording problems in the reader. The result must not be used
     * unless {@link ConfigReader#throwIfInvalid()} passes afterwards.
     */
    public static RecoverySettings read(ConfigReader reader, CheckpointSettings checkpoint) {
        RecoverySettings settings = new RecoverySettings(TABLE.read(reader));
        new RecoveryRules(reader, settings, checkpoint).check();
        TABLE.warnIgnored(reader, settings.values());
        return settings;
    }

    /** The chosen restart strategy with its own block's values. */
    public RestartStrategySettings restartStrategy() {
        return switch (values.get(RESTART_TYPE)) {
            case FIXED_DELAY ->
                new RestartStrategySettings.FixedDelay(values.get(FIXED_DELAY_ATTEMPTS), values.get(FIXED_DELAY_DELAY));
            case FAILURE_RATE ->
                new RestartStrategySettings.FailureRate(
                        values.get(FAILURE_RATE_MAX_FAILURES),
                        values.get(FAILURE_RATE_INTERVAL),
                        values.get(FAILURE_RATE_DELAY));
            case EXPONENTIAL_DELAY ->
                new RestartStrategySettings.ExponentialDelay(
                        values.get(EXPONENTIAL_INITIAL_BACKOFF),
                        values.get(EXPONENTIAL_MAX_BACKOFF),
                        values.get(EXPONENTIAL_MULTIPLIER),
                        values.get(EXPONENTIAL_RESET_THRESHOLD),
                        values.get(EXPONENTIAL_JITTER),
                        values.get(EXPONENTIAL_MAX_ATTEMPTS));
            case NONE -> new RestartStrategySettings.NoRestart();
        };
    }

    public FailoverStrategy failoverStrategy() {
        return values.get(FAILOVER_STRATEGY);
    }

    public HeartbeatSettings heartbeat() {
        return new HeartbeatSettings(values.get(HEARTBEAT_INTERVAL), values.get(HEARTBEAT_TIMEOUT));
    }

    public RestoreSettings restore() {
        return new RestoreSettings(
                values.get(RESTORE_FROM),
                values.get(RESTORE_PATH),
                values.get(ALLOW_NON_RESTORED_STATE),
                values.get(CLAIM_MODE),
                values.get(REQUIRE_STATE),
                values.get(MAX_AGE),
                values.get(MAX_AGE_ACTION));
    }

    /**
     * Flink's typed options for these settings: every 1:1 row of {@link #TABLE} that applies, then the
     * restore point.
     *
     * @param restorePoint the resolved snapshot to start from ({@link RestoreSettings#path()} or the
     *     latest retained one), if any
     */
    public Configuration toConfiguration(Optional<String> restorePoint) {
        Configuration configuration = new Configuration();
        TABLE.write(values, configuration);
        restorePoint.ifPresent(path -> {
            configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            configuration.set(
                    StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, values.get(ALLOW_NON_RESTORED_STATE));
            configuration.set(
                    StateRecoveryOptions.RESTORE_MODE, values.get(CLAIM_MODE).toFlink());
        });
        return configuration;
    }
}
