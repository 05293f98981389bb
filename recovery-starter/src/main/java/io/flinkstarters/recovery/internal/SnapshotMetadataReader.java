package io.flinkstarters.recovery.internal;

import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.recovery.SnapshotMetadata;
import io.flinkstarters.recovery.SnapshotMetadata.StateFormat;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.Path;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.OperatorState;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;
import org.apache.flink.runtime.state.IncrementalKeyedStateHandle;
import org.apache.flink.runtime.state.KeyGroupsSavepointStateHandle;
import org.apache.flink.runtime.state.KeyedStateHandle;
import org.apache.flink.runtime.state.changelog.ChangelogStateBackendHandle;

/**
 * Reads a snapshot's {@code _metadata} with Flink's own loader ({@link Checkpoints}), the way the
 * JobManager does on restore, and sums up what a restore depends on. Only the metadata file is read;
 * the state files it points to are not touched.
 */
@Internal
public final class SnapshotMetadataReader {

    private SnapshotMetadataReader() {}

    /** Reads the {@code _metadata} in a snapshot directory. */
    public static SnapshotMetadata read(String snapshotDirectory) throws IOException {
        Path metadata = new Path(snapshotDirectory, RetainedCheckpoints.METADATA);
        CheckpointMetadata loaded;
        try (InputStream in = metadata.getFileSystem().open(metadata)) {
            loaded = Checkpoints.loadCheckpointMetadata(
                    new DataInputStream(in), SnapshotMetadataReader.class.getClassLoader(), snapshotDirectory);
        }
        Set<StateFormat> formats = EnumSet.noneOf(StateFormat.class);
        boolean unaligned = false;
        long total = 0;
        List<SnapshotMetadata.OperatorState> operators = new ArrayList<>();
        for (OperatorState operator : loaded.getOperatorStates()) {
            long size = 0;
            for (OperatorSubtaskState subtask : operator.getStates()) {
                size += subtask.getStateSize();
                unaligned |= !subtask.getInputChannelState().isEmpty()
                        || !subtask.getResultSubpartitionState().isEmpty();
                for (KeyedStateHandle handle : subtask.getManagedKeyedState()) {
                    formats.add(format(handle));
                }
            }
            if (operator.getCoordinatorState() != null) {
                size += operator.getCoordinatorState().getStateSize();
            }
            total += size;
            if (size > 0) {
                operators.add(new SnapshotMetadata.OperatorState(
                        operator.getOperatorUid(),
                        operator.getOperatorID().toHexString(),
                        operator.getOperatorName(),
                        operator.getParallelism(),
                        operator.getMaxParallelism(),
                        size));
            }
        }
        return new SnapshotMetadata(loaded.getCheckpointId(), overall(formats), unaligned, operators, total);
    }

    private static StateFormat format(KeyedStateHandle handle) {
        if (handle instanceof KeyGroupsSavepointStateHandle) {
            return StateFormat.CANONICAL_SAVEPOINT;
        }
        if (handle instanceof IncrementalKeyedStateHandle) {
            return StateFormat.ROCKSDB_INCREMENTAL;
        }
        if (handle instanceof ChangelogStateBackendHandle) {
            return StateFormat.CHANGELOG;
        }
        return StateFormat.FULL;
    }

    /** The most restrictive format of any operator's state decides. */
    private static StateFormat overall(Set<StateFormat> formats) {
        for (StateFormat format : List.of(
                StateFormat.CHANGELOG,
                StateFormat.ROCKSDB_INCREMENTAL,
                StateFormat.FULL,
                StateFormat.CANONICAL_SAVEPOINT)) {
            if (formats.contains(format)) {
                return format;
            }
        }
        return StateFormat.NO_KEYED_STATE;
    }
}
