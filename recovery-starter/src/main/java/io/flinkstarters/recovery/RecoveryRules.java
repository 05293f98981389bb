package io.flinkstarters.recovery;

import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_INITIAL_BACKOFF;
import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_JITTER;
import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_MAX_ATTEMPTS;
import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_MAX_BACKOFF;
import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_MULTIPLIER;
import static io.flinkstarters.recovery.RecoverySettings.FAILURE_RATE_DELAY;
import static io.flinkstarters.recovery.RecoverySettings.FAILURE_RATE_INTERVAL;
import static io.flinkstarters.recovery.RecoverySettings.FAILURE_RATE_MAX_FAILURES;
import static io.flinkstarters.recovery.RecoverySettings.FIXED_DELAY_ATTEMPTS;
import static io.flinkstarters.recovery.RecoverySettings.FIXED_DELAY_DELAY;
import static io.flinkstarters.recovery.RecoverySettings.HEARTBEAT_INTERVAL;
import static io.flinkstarters.recovery.RecoverySettings.HEARTBEAT_TIMEOUT;
import static io.flinkstarters.recovery.RecoverySettings.REQUIRE_STATE;
import static io.flinkstarters.recovery.RecoverySettings.RESTART_TYPE;
import static io.flinkstarters.recovery.RecoverySettings.RESTORE_FROM;
import static io.flinkstarters.recovery.RecoverySettings.RESTORE_PATH;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.checkpoint.Retention;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.Setting;
import java.time.Duration;

/** The rules that span several keys of {@code flink.recovery} (and the checkpoint storage it needs). */
final class RecoveryRules {

    private static final Setting<?>[] RESTART_STRATEGY_KEYS = {
        RESTART_TYPE,
        FIXED_DELAY_ATTEMPTS,
        FIXED_DELAY_DELAY,
        FAILURE_RATE_MAX_FAILURES,
        FAILURE_RATE_INTERVAL,
        FAILURE_RATE_DELAY,
        EXPONENTIAL_INITIAL_BACKOFF,
        EXPONENTIAL_MAX_BACKOFF,
        EXPONENTIAL_MULTIPLIER,
        EXPONENTIAL_JITTER,
        EXPONENTIAL_MAX_ATTEMPTS
    };

    private final ConfigReader reader;
    private final RecoverySettings settings;
    private final CheckpointSettings checkpoint;

    RecoveryRules(ConfigReader reader, RecoverySettings settings, CheckpointSettings checkpoint) {
        this.reader = reader;
        this.settings = settings;
        this.checkpoint = checkpoint;
    }

    void check() {
        backoffGrows();
        heartbeatTimeoutExceedsInterval();
        restartsOutlastTaskManagerLoss();
        restoreHasItsSource();
    }

    private boolean checkpointsAreNotKept() {
        return reader.valid(CheckpointSettings.RETENTION)
                && checkpoint.enabled()
                && checkpoint.retention() == Retention.NONE
                && checkpoint.storage().dir().isPresent();
    }

    /** Flink's own rule (HeartbeatServices): a timeout shorter than the interval would never see a heartbeat. */
    private void heartbeatTimeoutExceedsInterval() {
        HeartbeatSettings heartbeat = settings.heartbeat();
        if (reader.valid(HEARTBEAT_INTERVAL, HEARTBEAT_TIMEOUT)
                && heartbeat.timeout().compareTo(heartbeat.interval()) < 0) {
            reader.reject(
                    HEARTBEAT_TIMEOUT,
                    "must be at least " + HEARTBEAT_INTERVAL + " (" + reader.displayValue(HEARTBEAT_INTERVAL) + ")");
        }
    }

    /**
     * Until a lost TaskManager is noticed (at worst after the heartbeat timeout), every restart is
     * redeployed onto it and fails at once; a strategy used up sooner fails the job on one lost
     * TaskManager (plain Flink restarted 15 times in that window here).
     */
    private void restartsOutlastTaskManagerLoss() {
        Duration timeout = settings.heartbeat().timeout();
        if (!reader.valid(HEARTBEAT_TIMEOUT) || !reader.valid(RESTART_STRATEGY_KEYS)) {
            return;
        }
        settings.restartStrategy()
                .exhaustedAfter()
                .filter(budget -> budget.compareTo(timeout) < 0)
                .ifPresent(
                        budget -> reader.warn(
                                RESTART_TYPE,
                                "restarts are used up " + DurationFormat.of(budget)
                                        + " after a failure when every restart fails at once, as they do while a lost"
                                        + " TaskManager goes unnoticed (up to " + HEARTBEAT_TIMEOUT + " = "
                                        + reader.displayValue(HEARTBEAT_TIMEOUT)
                                        + "): one TaskManager loss can fail the job. Allow more attempts or longer delays, so restarts last at least the timeout"));
    }

    private void backoffGrows() {
        if (settings.restartStrategy() instanceof RestartStrategySettings.ExponentialDelay exponential
                && reader.valid(EXPONENTIAL_INITIAL_BACKOFF, EXPONENTIAL_MAX_BACKOFF)
                && exponential.maxBackoff().compareTo(exponential.initialBackoff()) < 0) {
            reader.reject(
                    EXPONENTIAL_MAX_BACKOFF,
                    "must be at least " + EXPONENTIAL_INITIAL_BACKOFF + " ("
                            + reader.displayValue(EXPONENTIAL_INITIAL_BACKOFF) + ")");
        }
    }

    private void restoreHasItsSource() {
        if (!reader.valid(RESTORE_FROM)) {
            return;
        }
        RestoreSettings restore = settings.restore();
        switch (restore.from()) {
            case PATH -> {
                if (restore.path().isEmpty() && reader.valid(RESTORE_PATH)) {
                    reader.reject(
                            RESTORE_PATH,
                            RESTORE_FROM + " = path needs " + RESTORE_PATH
                                    + " (env FLINK_RESTORE_PATH): a chk-N or savepoint directory");
                }
            }
            case LATEST_RETAINED -> {
                if (checkpoint.storage().dir().isEmpty()
                        && checkpoint.storage().savepointDir().isEmpty()) {
                    reader.reject(
                            RESTORE_FROM,
                            "latest-retained needs somewhere to look: set " + CheckpointSettings.STORAGE_DIR
                                    + " (env FLINK_CHECKPOINT_STORAGE) or " + CheckpointSettings.SAVEPOINT_DIR);
                } else if (checkpointsAreNotKept()) {
                    reader.warn(
                            RESTORE_FROM,
                            "finds no checkpoint of an earlier deployment: " + CheckpointSettings.RETENTION
                                    + " is none (" + reader.origin(CheckpointSettings.RETENTION)
                                    + "), so Flink deletes checkpoints when a job ends; only savepoints under "
                                    + CheckpointSettings.SAVEPOINT_DIR
                                    + " can be found. Set retention = retain-on-cancellation to redeploy from checkpoints");
                }
            }
            case NONE -> {
                if (restore.requireState() && reader.valid(REQUIRE_STATE)) {
                    reader.reject(
                            REQUIRE_STATE,
                            "asks for state, but " + RESTORE_FROM + " = none (" + reader.origin(RESTORE_FROM)
                                    + ") always starts from empty state: set " + RESTORE_FROM
                                    + " = latest-retained (env FLINK_RESTORE_FROM) or path");
                }
            }
        }
    }
}
