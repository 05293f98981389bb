package io.flinkstarters.recovery.internal;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Setting;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestoreFrom;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RestoreSettings;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.recovery.SnapshotMetadata;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Turns {@code flink.recovery.restore} into the snapshot a job starts from, checking that it exists and
 * that the job can restore it: its {@code _metadata} is read, a snapshot the job's state backend cannot
 * restore is refused (Flink would fail the job after submission), and an unaligned checkpoint is warned
 * about. Storage that cannot be read is a problem of its own, never "nothing found".
 */
@Internal
public final class RestorePointResolver {

    private RestorePointResolver() {}

    /** The restore point, or empty for empty state; problems go to the reader. */
    public static Optional<RestorePoint> resolve(
            ConfigReader reader, RestoreSettings restore, CheckpointSettings checkpoint) {
        Setting<?> key =
                restore.from() == RestoreFrom.PATH ? RecoverySettings.RESTORE_PATH : RecoverySettings.RESTORE_FROM;
        Optional<RestorePoint> point;
        try {
            point = switch (restore.from()) {
                case NONE -> Optional.empty();
                case LATEST_RETAINED ->
                    RetainedCheckpoints.latest(
                            checkpoint.storage().dir(), checkpoint.storage().savepointDir());
                case PATH -> explicitPath(reader, restore.path().orElseThrow());
            };
        } catch (UncheckedIOException e) {
            reader.reject(key, "cannot read the snapshot storage: " + e.getMessage());
            return Optional.empty();
        }
        if (restore.from() == RestoreFrom.LATEST_RETAINED && !checkpoint.enabled()) {
            reader.warn(
                    CheckpointSettings.ENABLED,
                    "is false: " + RecoverySettings.RESTORE_FROM + " = latest-retained restores what an earlier"
                            + " deployment left, but this one writes no checkpoints, so the next redeploy starts from"
                            + " the same snapshot again");
        }
        point.ifPresent(found -> compatible(reader, key, found, checkpoint));
        return point;
    }

    /** Reads the snapshot's metadata and checks what Flink would otherwise reject after submission. */
    private static void compatible(
            ConfigReader reader, Setting<?> key, RestorePoint point, CheckpointSettings checkpoint) {
        SnapshotMetadata metadata;
        try {
            metadata = RetainedCheckpoints.metadata(point);
        } catch (UncheckedIOException e) {
            reader.reject(key, "found " + point.path() + ", but " + e.getMessage());
            return;
        }
        metadata.backendProblem(checkpoint.stateBackend().isRocksDb())
                .ifPresent(problem -> reader.reject(
                        key,
                        "the snapshot to restore (" + point.path() + ") " + problem + " ("
                                + CheckpointSettings.STATE_BACKEND_TYPE + " = "
                                + reader.displayValue(CheckpointSettings.STATE_BACKEND_TYPE) + ")"));
        metadata.backendDoubt(checkpoint.stateBackend().isRocksDb())
                .ifPresent(doubt -> reader.warn(
                        key,
                        "the snapshot to restore (" + point.path() + ") " + doubt + " ("
                                + CheckpointSettings.STATE_BACKEND_TYPE + " = "
                                + reader.displayValue(CheckpointSettings.STATE_BACKEND_TYPE) + ")"));
        if (metadata.unaligned()) {
            reader.warn(
                    key,
                    "the snapshot to restore (" + point.path() + ") is an unaligned checkpoint: it holds in-flight"
                            + " records and restores only into an unchanged topology. After changing the job, restore"
                            + " from a savepoint instead, or skip the in-flight data with "
                            + StateRecoveryOptions.CHECKPOINT_ID_OF_IGNORED_IN_FLIGHT_DATA.key() + " = "
                            + metadata.checkpointId() + " (flink.conf)");
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
