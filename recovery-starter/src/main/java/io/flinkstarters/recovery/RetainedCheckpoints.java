package io.flinkstarters.recovery;

import io.flinkstarters.recovery.internal.SnapshotMetadataReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.fs.FileStatus;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Finds completed checkpoints and savepoints in storage, on any file system Flink can reach (local,
 * S3, ...). This is what lets a job redeployed from scratch continue where it stopped.
 *
 * <p>Flink writes checkpoints to {@code <dir>/<job-id>/chk-<n>/} (or {@code <dir>/chk-<n>/} without
 * job sub-directories) and savepoints to {@code <savepoint-dir>/savepoint-<id>/}. A snapshot is
 * complete once its {@code _metadata} file exists, which Flink writes last; directories without it
 * (a checkpoint in progress or aborted) are skipped. Across job ids the newest {@code _metadata}
 * wins, because every submission gets a new job id.
 */
@PublicEvolving
public final class RetainedCheckpoints {

    /** The file Flink writes last, when a checkpoint or savepoint is complete. */
    public static final String METADATA = "_metadata";

    private static final Pattern CHECKPOINT_DIR = Pattern.compile("chk-(\\d+)");
    private static final Pattern SAVEPOINT_DIR = Pattern.compile("savepoint-.+");

    private RetainedCheckpoints() {}

    /** The newest completed checkpoint under a checkpoint directory, if any. */
    public static Optional<RestorePoint> latestCheckpoint(String checkpointDir) {
        return newest(checkpoints(checkpointDir));
    }

    /** The newest completed checkpoint or savepoint under either directory (each optional). */
    public static Optional<RestorePoint> latest(Optional<String> checkpointDir, Optional<String> savepointDir) {
        return newest(completedOf(snapshots(checkpointDir, savepointDir)));
    }

    /** Every completed checkpoint under a checkpoint directory. */
    public static List<RestorePoint> checkpoints(String checkpointDir) {
        return completedOf(checkpointDirectories(checkpointDir));
    }

    /** Every completed savepoint under a savepoint directory. */
    public static List<RestorePoint> savepoints(String savepointDir) {
        return completedOf(savepointDirectories(savepointDir));
    }

    /**
     * Every checkpoint and savepoint directory under either directory (each optional), complete or not,
     * in storage order: what {@link #latest} chooses from, for tools that show why one was chosen.
     */
    public static List<Snapshot> snapshots(Optional<String> checkpointDir, Optional<String> savepointDir) {
        List<Snapshot> all = new ArrayList<>();
        checkpointDir.ifPresent(dir -> all.addAll(checkpointDirectories(dir)));
        savepointDir.ifPresent(dir -> all.addAll(savepointDirectories(dir)));
        return all;
    }

    /**
     * A {@code chk-<n>} or {@code savepoint-*} directory in storage.
     *
     * @param completed the restore point, when its {@code _metadata} exists; empty while a checkpoint is
     *     in progress or after it was aborted
     */
    public record Snapshot(String path, RestorePoint.Kind kind, Optional<RestorePoint> completed) {}

    private static List<Snapshot> checkpointDirectories(String checkpointDir) {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus child : list(new Path(checkpointDir))) {
            if (!child.isDir()) {
                continue;
            }
            if (CHECKPOINT_DIR.matcher(child.getPath().getName()).matches()) {
                found.add(snapshot(child.getPath(), RestorePoint.Kind.CHECKPOINT));
            } else {
                for (FileStatus checkpoint : list(child.getPath())) {
                    if (checkpoint.isDir()
                            && CHECKPOINT_DIR
                                    .matcher(checkpoint.getPath().getName())
                                    .matches()) {
                        found.add(snapshot(checkpoint.getPath(), RestorePoint.Kind.CHECKPOINT));
                    }
                }
            }
        }
        return found;
    }

    private static List<Snapshot> savepointDirectories(String savepointDir) {
        List<Snapshot> found = new ArrayList<>();
        for (FileStatus child : list(new Path(savepointDir))) {
            if (child.isDir()
                    && SAVEPOINT_DIR.matcher(child.getPath().getName()).matches()) {
                found.add(snapshot(child.getPath(), RestorePoint.Kind.SAVEPOINT));
            }
        }
        return found;
    }

    private static Snapshot snapshot(Path directory, RestorePoint.Kind kind) {
        return new Snapshot(directory.toString(), kind, completed(directory, kind));
    }

    private static List<RestorePoint> completedOf(List<Snapshot> snapshots) {
        return snapshots.stream()
                .flatMap(snapshot -> snapshot.completed().stream())
                .toList();
    }

    /**
     * The snapshot at a path (a chk-N or savepoint directory, or its {@code _metadata} file), if it is
     * complete.
     */
    public static Optional<RestorePoint> at(String path) {
        Path snapshot = new Path(path);
        Path directory = METADATA.equals(snapshot.getName()) ? snapshot.getParent() : snapshot;
        RestorePoint.Kind kind = SAVEPOINT_DIR.matcher(directory.getName()).matches()
                ? RestorePoint.Kind.SAVEPOINT
                : RestorePoint.Kind.CHECKPOINT;
        return completed(directory, kind);
    }

    /**
     * What the snapshot's {@code _metadata} says (format, operators, size), read with Flink's own loader.
     *
     * @throws UncheckedIOException when it cannot be read or is not a snapshot's metadata
     */
    public static SnapshotMetadata metadata(RestorePoint point) {
        try {
            return SnapshotMetadataReader.read(point.path());
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Cannot read " + new Path(point.path(), METADATA) + ": " + e.getMessage(), e);
        }
    }

    private static Optional<RestorePoint> completed(Path directory, RestorePoint.Kind kind) {
        Path metadata = new Path(directory, METADATA);
        try {
            FileStatus status = metadata.getFileSystem().getFileStatus(metadata);
            return Optional.of(
                    new RestorePoint(directory.toString(), kind, Instant.ofEpochMilli(status.getModificationTime())));
        } catch (FileNotFoundException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + metadata + ": " + e.getMessage(), e);
        }
    }

    private static Optional<RestorePoint> newest(List<RestorePoint> points) {
        return points.stream()
                .max(Comparator.comparing(RestorePoint::completedAt)
                        .thenComparingLong(RetainedCheckpoints::checkpointNumber));
    }

    /** chk-N's N, to order checkpoints of one job written within the same clock tick. */
    private static long checkpointNumber(RestorePoint point) {
        var matcher = CHECKPOINT_DIR.matcher(new Path(point.path()).getName());
        return matcher.matches() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** A directory's entries; a directory that does not exist yet has none. */
    private static FileStatus[] list(Path directory) {
        try {
            FileSystem fileSystem = directory.getFileSystem();
            if (!fileSystem.exists(directory)) {
                return new FileStatus[0];
            }
            FileStatus[] entries = fileSystem.listStatus(directory);
            return entries == null ? new FileStatus[0] : entries;
        } catch (FileNotFoundException e) {
            return new FileStatus[0];
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + directory + ": " + e.getMessage(), e);
        }
    }
}
