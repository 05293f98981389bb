package io.flinkstarters.recovery;

import com.typesafe.config.Config;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * The validated {@code flink.recovery} settings: restart strategy, failover strategy, how fast a lost
 * TaskManager is noticed, and what a job restores from when it is submitted.
 */
@PublicEvolving
public record RecoverySettings(
        RestartStrategySettings restartStrategy,
        FailoverStrategy failoverStrategy,
        HeartbeatSettings heartbeat,
        RestoreSettings restore) {

    public static final String PREFIX = "flink.recovery";
    public static final String RESTART_TYPE = PREFIX + ".restart-strategy.type";
    public static final String FIXED_DELAY_ATTEMPTS = PREFIX + ".restart-strategy.fixed-delay.attempts";
    public static final String FIXED_DELAY_DELAY = PREFIX + ".restart-strategy.fixed-delay.delay";
    public static final String FAILURE_RATE_MAX_FAILURES = PREFIX + ".restart-strategy.failure-rate.max-failures";
    public static final String FAILURE_RATE_INTERVAL = PREFIX + ".restart-strategy.failure-rate.interval";
    public static final String FAILURE_RATE_DELAY = PREFIX + ".restart-strategy.failure-rate.delay";
    public static final String EXPONENTIAL_INITIAL_BACKOFF =
            PREFIX + ".restart-strategy.exponential-delay.initial-backoff";
    public static final String EXPONENTIAL_MAX_BACKOFF = PREFIX + ".restart-strategy.exponential-delay.max-backoff";
    public static final String EXPONENTIAL_MULTIPLIER = PREFIX + ".restart-strategy.exponential-delay.multiplier";
    public static final String EXPONENTIAL_RESET_THRESHOLD =
            PREFIX + ".restart-strategy.exponential-delay.reset-threshold";
    public static final String EXPONENTIAL_JITTER = PREFIX + ".restart-strategy.exponential-delay.jitter";
    public static final String EXPONENTIAL_MAX_ATTEMPTS = PREFIX + ".restart-strategy.exponential-delay.max-attempts";
    public static final String FAILOVER_STRATEGY = PREFIX + ".failover-strategy";
    public static final String HEARTBEAT_INTERVAL = PREFIX + ".heartbeat.interval";
    public static final String HEARTBEAT_TIMEOUT = PREFIX + ".heartbeat.timeout";
    public static final String RESTORE_FROM = PREFIX + ".restore.from";
    public static final String RESTORE_PATH = PREFIX + ".restore.path";
    public static final String ALLOW_NON_RESTORED_STATE = PREFIX + ".restore.allow-non-restored-state";
    public static final String CLAIM_MODE = PREFIX + ".restore.claim-mode";

    /** Every Flink option this starter sets, with the HOCON key that controls it. */
    public static final Map<ConfigOption<?>, String> MODELED_OPTIONS = modeledOptions();

    private static Map<ConfigOption<?>, String> modeledOptions() {
        Map<ConfigOption<?>, String> options = new LinkedHashMap<>();
        options.put(RestartStrategyOptions.RESTART_STRATEGY, RESTART_TYPE);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, FIXED_DELAY_ATTEMPTS);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, FIXED_DELAY_DELAY);
        options.put(
                RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_MAX_FAILURES_PER_INTERVAL,
                FAILURE_RATE_MAX_FAILURES);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_FAILURE_RATE_INTERVAL, FAILURE_RATE_INTERVAL);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_FAILURE_RATE_DELAY, FAILURE_RATE_DELAY);
        options.put(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, EXPONENTIAL_INITIAL_BACKOFF);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, EXPONENTIAL_MAX_BACKOFF);
        options.put(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER, EXPONENTIAL_MULTIPLIER);
        options.put(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                EXPONENTIAL_RESET_THRESHOLD);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, EXPONENTIAL_JITTER);
        options.put(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, EXPONENTIAL_MAX_ATTEMPTS);
        options.put(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY, FAILOVER_STRATEGY);
        options.put(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, HEARTBEAT_INTERVAL);
        options.put(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT);
        options.put(StateRecoveryOptions.SAVEPOINT_PATH, RESTORE_FROM);
        options.put(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, ALLOW_NON_RESTORED_STATE);
        options.put(StateRecoveryOptions.RESTORE_MODE, CLAIM_MODE);
        return Map.copyOf(options);
    }

    /** Options Flink reads from the cluster's configuration only (see {@code CheckpointSettings.CLUSTER_LEVEL_OPTIONS}). */
    public static final Set<ConfigOption<?>> CLUSTER_LEVEL_OPTIONS = Set.of(
            JobManagerOptions.EXECUTION_FAILOVER_STRATEGY,
            HeartbeatManagerOptions.HEARTBEAT_INTERVAL,
            HeartbeatManagerOptions.HEARTBEAT_TIMEOUT);

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
        RecoverySettings settings = new RecoverySettings(
                readRestartStrategy(reader),
                reader.choice(FAILOVER_STRATEGY, FailoverStrategy.class),
                new HeartbeatSettings(
                        reader.positiveDuration(HEARTBEAT_INTERVAL), reader.positiveDuration(HEARTBEAT_TIMEOUT)),
                new RestoreSettings(
                        reader.choice(RESTORE_FROM, RestoreFrom.class),
                        reader.optionalString(RESTORE_PATH),
                        reader.bool(ALLOW_NON_RESTORED_STATE),
                        reader.choice(CLAIM_MODE, ClaimMode.class)));
        new RecoveryRules(reader, settings, checkpoint).check();
        return settings;
    }

    /** Only the chosen strategy's keys are read (and so validated). */
    private static RestartStrategySettings readRestartStrategy(ConfigReader reader) {
        RestartStrategyType type = reader.choice(RESTART_TYPE, RestartStrategyType.class);
        return switch (type) {
            case FIXED_DELAY ->
                new RestartStrategySettings.FixedDelay(
                        reader.intAtLeast(FIXED_DELAY_ATTEMPTS, 1), reader.nonNegativeDuration(FIXED_DELAY_DELAY));
            case FAILURE_RATE ->
                new RestartStrategySettings.FailureRate(
                        reader.intAtLeast(FAILURE_RATE_MAX_FAILURES, 1),
                        reader.positiveDuration(FAILURE_RATE_INTERVAL),
                        reader.nonNegativeDuration(FAILURE_RATE_DELAY));
            case EXPONENTIAL_DELAY ->
                new RestartStrategySettings.ExponentialDelay(
                        reader.positiveDuration(EXPONENTIAL_INITIAL_BACKOFF),
                        reader.positiveDuration(EXPONENTIAL_MAX_BACKOFF),
                        reader.doubleBetween(EXPONENTIAL_MULTIPLIER, 1.0, 100.0),
                        reader.positiveDuration(EXPONENTIAL_RESET_THRESHOLD),
                        reader.doubleBetween(EXPONENTIAL_JITTER, 0.0, 1.0),
                        reader.intAtLeast(EXPONENTIAL_MAX_ATTEMPTS, 1));
            case NONE -> new RestartStrategySettings.NoRestart();
        };
    }

    /**
     * Flink's typed options for these settings.
     *
     * @param restorePoint the resolved snapshot to start from ({@link RestoreSettings#path()} or the
     *     latest retained one), if any
     */
    public Configuration toConfiguration(Optional<String> restorePoint) {
        Configuration configuration = new Configuration();
        restartStrategy.writeTo(configuration);
        configuration.set(JobManagerOptions.EXECUTION_FAILOVER_STRATEGY, failoverStrategy.flinkName());
        heartbeat.writeTo(configuration);
        restorePoint.ifPresent(path -> {
            configuration.set(StateRecoveryOptions.SAVEPOINT_PATH, path);
            configuration.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, restore.allowNonRestoredState());
            configuration.set(
                    StateRecoveryOptions.RESTORE_MODE, restore.claimMode().toFlink());
        });
        return configuration;
    }
}
