package io.flinkstarters.recovery;

import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_INITIAL_BACKOFF;
import static io.flinkstarters.recovery.RecoverySettings.EXPONENTIAL_MAX_BACKOFF;
import static io.flinkstarters.recovery.RecoverySettings.RESTORE_FROM;
import static io.flinkstarters.recovery.RecoverySettings.RESTORE_PATH;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;

/** The rules that span several keys of {@code flink.recovery} (and the checkpoint storage it needs). */
final class RecoveryRules {

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
        restoreHasItsSource();
    }

    private void backoffGrows() {
        if (settings.restartStrategy() instanceof RestartStrategySettings.ExponentialDelay exponential
                && reader.valid(EXPONENTIAL_INITIAL_BACKOFF, EXPONENTIAL_MAX_BACKOFF)
                && exponential.maxBackoff().compareTo(exponential.initialBackoff()) < 0) {
            reader.reject(
                    EXPONENTIAL_MAX_BACKOFF,
                    "must be at least " + EXPONENTIAL_INITIAL_BACKOFF + " (" + reader.displayValue(EXPONENTIAL_INITIAL_BACKOFF) + ")");
        }
    }

    private void restoreHasItsSource() {
        if (!reader.valid(RESTORE_FROM)) {
            return;
        }
        RestoreSettings restore = settings.restore();
        switch (restore.from()) {
            case PATH -> {
                if (restore.path().isEmpty()) {
                    reader.reject(RESTORE_PATH, RESTORE_FROM + " = path needs " + RESTORE_PATH + " (env FLINK_RESTORE_PATH): a chk-N or savepoint directory");
                }
            }
            case LATEST_RETAINED -> {
                if (checkpoint.storage().dir().isEmpty() && checkpoint.storage().savepointDir().isEmpty()) {
                    reader.reject(
                            RESTORE_FROM,
                            "latest-retained needs somewhere to look: set " + CheckpointSettings.STORAGE_DIR
                                    + " (env FLINK_CHECKPOINT_STORAGE) or " + CheckpointSettings.SAVEPOINT_DIR);
                }
                warnUnusedPath(restore);
            }
            case NONE -> warnUnusedPath(restore);
        }
    }

    private void warnUnusedPath(RestoreSettings restore) {
        if (restore.path().isPresent()) {
            reader.warn(RESTORE_PATH, "is ignored because " + RESTORE_FROM + " is " + reader.displayValue(RESTORE_FROM) + ", not path");
        }
    }
}
