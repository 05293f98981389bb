package io.flinkstarters.recovery.internal;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.Setting;
import io.flinkstarters.recovery.MaxAgeAction;
import io.flinkstarters.recovery.RecoverySettings;
import io.flinkstarters.recovery.RestoreFrom;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RestoreSettings;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.recovery.SnapshotMetadata;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.configuration.StateRecoveryOptions;

/**
 * Turns {@code flink.recovery.restore} into the snapshot a job starts from, checking that it exists and
 * that the job can restore it: its {@code _metadata} is read, a snapshot the job's state backend cannot
 * restore is refused (Flink would fail the job after submission), and an unaligned checkpoint is warned
 * about. Storage that cannot be read is a problem of its own, never "nothing found"; nothing found is
 * a problem with {@code require-state}, and otherwise reported as a first deployment; a snapshot older
 * than {@code max-age} is refused or warned about.
 */
@Internal
public final class RestorePointResolver {

    private RestorePointResolver() {}

    /** The restore point, or empty for empty state; problems go to the reader. */
    public static Optional<RestorePoint> resolve(
            ConfigReader reader, RestoreSettings restore, CheckpointSettings checkpoint) {
        return resolve(reader, restore, checkpoint, Clock.systemUTC());
    }

    /** {@link #resolve(ConfigReader, RestoreSettings, CheckpointSettings)} with the clock a snapshot's age is measured by. */
    public static Optional<RestorePoint> resolve(
            ConfigReader reader, RestoreSettings restore, CheckpointSettings checkpoint, Clock clock) {
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
        if (restore.from() == RestoreFrom.LATEST_RETAINED) {
            if (point.isEmpty()) {
                nothingRetained(reader, restore, checkpoint);
                return point;
            }
            if (!checkpoint.enabled()) {
                reader.warn(
                        CheckpointSettings.ENABLED,
                        "is false: " + RecoverySettings.RESTORE_FROM + " = latest-retained restores what an earlier"
                                + " deployment left, but this one writes no checkpoints, so the next redeploy starts"
                                + " from the same snapshot again");
            }
            notTooOld(reader, restore, point.get(), clock);
        }
        point.ifPresent(found -> compatible(reader, key, found, checkpoint));
        return point;
    }

    /**
     * Nothing found where {@code latest-retained} looks: the job starts from empty state, which is right
     * for a first deployment only, so it is said explicitly, and refused with {@code require-state}.
     */
    private static void nothingRetained(ConfigReader reader, RestoreSettings restore, CheckpointSettings checkpoint) {
        String where = "found no completed checkpoint or savepoint (one holding " + RetainedCheckpoints.METADATA + ") "
                + lookedIn(checkpoint);
        String neverWritten = checkpoint.enabled()
                ? ""
                : "; " + CheckpointSettings.ENABLED + " is false (" + reader.origin(CheckpointSettings.ENABLED)
                        + "), so this configuration never leaves one either";
        if (restore.requireState()) {
            reader.reject(
                    RecoverySettings.REQUIRE_STATE,
                    "this deployment must start from state, but " + RecoverySettings.RESTORE_FROM
                            + " = latest-retained " + where + neverWritten + ". On a job's first deployment set "
                            + RecoverySettings.REQUIRE_STATE + " = false (env FLINK_RESTORE_REQUIRE_STATE)");
        } else {
            reader.warn(
                    RecoverySettings.RESTORE_FROM,
                    where + neverWritten + ": the job starts from empty state, as a first deployment does. If it"
                            + " is not one, stop it and find its snapshots; set " + RecoverySettings.REQUIRE_STATE
                            + " = true (env FLINK_RESTORE_REQUIRE_STATE) on later deployments so this cannot pass"
                            + " unnoticed");
        }
    }

    private static String lookedIn(CheckpointSettings checkpoint) {
        List<String> places = new ArrayList<>();
        checkpoint
                .storage()
                .dir()
                .ifPresent(dir ->
                        places.add("under " + dir + " (" + CheckpointSettings.STORAGE_DIR + ", every job id's chk-N)"));
        checkpoint
                .storage()
                .savepointDir()
                .ifPresent(
                        dir -> places.add("under " + dir + " (" + CheckpointSettings.SAVEPOINT_DIR + ", savepoint-*)"));
        return String.join(" or ", places);
    }

    private static void notTooOld(ConfigReader reader, RestoreSettings restore, RestorePoint point, Clock clock) {
        if (restore.maxAge().isEmpty() || !reader.valid(RecoverySettings.MAX_AGE, RecoverySettings.MAX_AGE_ACTION)) {
            return;
        }
        Optional<Duration> pastLimit = restore.pastMaxAge(point.completedAt(), clock.instant());
        if (pastLimit.isEmpty()) {
            return;
        }
        String message = "the newest snapshot, " + point.path() + ", completed at "
                + point.completedAt().truncatedTo(ChronoUnit.SECONDS) + ", " + DurationFormat.of(pastLimit.get())
                + " ago, which is older than this limit: nothing newer was retained, and restoring it would replay"
                + " everything since (or skip what the sources no longer hold)";
        if (restore.maxAgeAction() == MaxAgeAction.REFUSE) {
            reader.reject(
                    RecoverySettings.MAX_AGE,
                    message + ". Restore it deliberately with " + RecoverySettings.RESTORE_FROM + " = path, raise the"
                            + " limit, or set " + RecoverySettings.MAX_AGE_ACTION + " = warn");
        } else {
            reader.warn(
                    RecoverySettings.MAX_AGE,
                    message + " (restored anyway: " + RecoverySettings.MAX_AGE_ACTION + " = warn)");
        }
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
