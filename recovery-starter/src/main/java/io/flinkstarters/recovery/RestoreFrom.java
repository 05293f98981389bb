package io.flinkstarters.recovery;

import org.apache.flink.annotation.PublicEvolving;

/** Where a newly submitted job takes its initial state from. */
@PublicEvolving
public enum RestoreFrom {
    /** Start with empty state. */
    NONE,
    /**
     * The newest completed checkpoint retained under {@code flink.checkpoint.storage.dir} (or savepoint
     * under {@code savepoint-dir}); empty state when there is none yet (a first deployment).
     */
    LATEST_RETAINED,
    /** The checkpoint or savepoint at {@code flink.recovery.restore.path}. */
    PATH
}
