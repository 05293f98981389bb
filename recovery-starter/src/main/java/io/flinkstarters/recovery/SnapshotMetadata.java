package io.flinkstarters.recovery;

import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Experimental;

/**
 * What a checkpoint's or savepoint's {@code _metadata} says, read before a restore is submitted (see
 * {@link RetainedCheckpoints#metadata(RestorePoint)}).
 *
 * @param checkpointId the checkpoint's number (a savepoint has one too)
 * @param format how its keyed state is written, which decides which backend can restore it
 * @param unaligned whether it holds in-flight channel state (an unaligned checkpoint): such a snapshot
 *     restores only into the same topology
 * @param operators every operator with state
 * @param stateSize the full size of its state in bytes
 */
@Experimental
public record SnapshotMetadata(
        long checkpointId, StateFormat format, boolean unaligned, List<OperatorState> operators, long stateSize) {

    public SnapshotMetadata {
        operators = List.copyOf(operators);
    }

    /** Why a job on RocksDB ({@code jobUsesRocksDb}) or hashmap cannot restore this snapshot, if it certainly cannot. */
    public Optional<String> backendProblem(boolean jobUsesRocksDb) {
        if (!format.refusedBy(jobUsesRocksDb)) {
            return Optional.empty();
        }
        return Optional.of(
                format == StateFormat.ROCKSDB_INCREMENTAL
                        ? "was written by RocksDB (incremental state files), and only RocksDB can restore it; to"
                                + " switch to hashmap, take a canonical savepoint with the RocksDB job"
                                + " (flink stop --type canonical) and restore from that"
                        : "was written by the changelog state backend, which the starters do not configure");
    }

    /** Why such a job may fail to restore it, where the metadata cannot tell. */
    public Optional<String> backendDoubt(boolean jobUsesRocksDb) {
        if (!format.doubtfulFor(jobUsesRocksDb)) {
            return Optional.empty();
        }
        return Optional.of("is a full snapshot, written by hashmap or by RocksDB without incremental checkpoints;"
                + " a hashmap checkpoint does not restore into RocksDB (the restore fails and the job restarts in a"
                + " loop): if this one is from hashmap, take a canonical savepoint with that job"
                + " (flink stop --type canonical) and restore from that");
    }

    /**
     * One operator's state.
     *
     * @param uid the operator's uid when the snapshot records it (Flink 2.x does), else empty
     * @param operatorId the id Flink derived from the uid (hex), how state is matched on restore
     */
    public record OperatorState(
            Optional<String> uid,
            String operatorId,
            Optional<String> name,
            int parallelism,
            int maxParallelism,
            long stateSize) {}

    /** How a snapshot's keyed state is written. */
    public enum StateFormat {
        /** RocksDB's incremental files (a checkpoint or a native savepoint of RocksDB): only RocksDB restores it. */
        ROCKSDB_INCREMENTAL,
        /**
         * Key groups in a full snapshot: a hashmap checkpoint, or a RocksDB one taken without incremental
         * checkpoints; the metadata does not say which. A hashmap checkpoint does not restore into
         * RocksDB (the restore fails with an EOFException, and the job restarts in a loop).
         */
        FULL,
        /** A canonical savepoint: any state backend restores it (Flink's way to switch backends). */
        CANONICAL_SAVEPOINT,
        /** Changelog state (the changelog backend). */
        CHANGELOG,
        /** No keyed state at all: any backend restores it. */
        NO_KEYED_STATE;

        /** Whether a job on RocksDB ({@code rocksDb}) or hashmap certainly cannot restore this. */
        public boolean refusedBy(boolean rocksDb) {
            return switch (this) {
                case ROCKSDB_INCREMENTAL -> !rocksDb;
                case CHANGELOG -> true;
                case FULL, CANONICAL_SAVEPOINT, NO_KEYED_STATE -> false;
            };
        }

        /** Whether it may have been written by the other backend (and then fails to restore). */
        public boolean doubtfulFor(boolean rocksDb) {
            return this == FULL && rocksDb;
        }
    }
}
