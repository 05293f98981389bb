package io.flinkstarters.recovery;

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
        List<RestorePoint> all = new ArrayList<>();
        checkpointDir.ifPresent(dir -> all.addAll(checkpoints(dir)));
        savepointDir.ifPresent(dir -> all.addAll(savepoints(dir)));
        return newest(all);
    }

    /** Every completed checkpoint under a checkpoint directory. */
    public static List<RestorePoint> checkpoints(String checkpointDir) {
        List<RestorePoint> found = new ArrayList<>();
        Path root = new Path(checkpointDir);
        for (FileStatus child : list(root)) {
            if (!child.isDir()) {
                continue;
            }
            if (CHECKPOINT_DIR.matcher(child.getPath().getName()).matches()) {
                completed(child.getPath(), RestorePoint.Kind.CHECKPOINT).ifPresent(found::add);
            } else {
                for (FileStatus checkpoint : list(child.getPath())) {
                    if (checkpoint.isDir()
                            && CHECKPOINT_DIR
                                    .matcher(checkpoint.getPath().getName())
                                    .matches()) {
                        completed(checkpoint.getPath(), RestorePoint.Kind.CHECKPOINT)
                                .ifPresent(found::add);
                    }
                }
            }
        }
        return found;
    }

    /** Every completed savepoint under a savepoint directory. */
    public static List<RestorePoint> savepoints(String savepointDir) {
        List<RestorePoint> found = new ArrayList<>();
        for (FileStatus child : list(new Path(savepointDir))) {
            if (child.isDir()
                    && SAVEPOINT_DIR.matcher(child.getPath().getName()).matches()) {
                completed(child.getPath(), RestorePoint.Kind.SAVEPOINT).ifPresent(found::add);
            }
        }
        return found;
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
