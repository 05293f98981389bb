package io.flinkstarters.recovery.internal;

import io.flinkstarters.checkpoint.StorageSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestoreFrom;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RestoreSettings;
import io.flinkstarters.recovery.RetainedCheckpoints;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/** Turns {@code flink.recovery.restore} into the snapshot a job starts from, checking that it exists. */
@Internal
public final class RestorePointResolver {

    private RestorePointResolver() {}

    /** The restore point, or empty for empty state; problems (missing snapshot, unreadable storage) go to the reader. */
    public static Optional<RestorePoint> resolve(
            ConfigReader reader, RestoreSettings restore, StorageSettings storage) {
        try {
            return switch (restore.from()) {
                case NONE -> Optional.empty();
                case LATEST_RETAINED -> RetainedCheckpoints.latest(storage.dir(), storage.savepointDir());
                case PATH -> explicitPath(reader, restore.path().orElseThrow());
            };
        } catch (UncheckedIOException e) {
            reader.reject(
                    restore.from() == RestoreFrom.PATH ? RecoverySettings.RESTORE_PATH : RecoverySettings.RESTORE_FROM,
                    "cannot read the snapshot storage: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static Optional<RestorePoint> explicitPath(ConfigReader reader, String path) {
        Optional<RestorePoint> point = RetainedCheckpoints.at(path);
        if (point.isEmpty()) {
            reader.reject(
                    RecoverySettings.RESTORE_PATH,
                    "is not a completed checkpoint or savepoint: it must exist and hold "
                            + RetainedCheckpoints.METADATA);
        }
        return point;
    }
}
