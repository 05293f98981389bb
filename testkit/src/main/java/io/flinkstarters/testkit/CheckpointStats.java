package io.flinkstarters.testkit;

import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A job's checkpoint statistics as the JobManager reports them.
 *
 * @param lastDurationMillis end-to-end duration of the latest completed checkpoint (-1 before the first)
 * @param lastStateSize full state size of the latest completed checkpoint in bytes
 * @param lastCheckpointedSize bytes written by the latest checkpoint (smaller than the state with incremental checkpoints)
 * @param lastExternalPath where the latest completed checkpoint was written, if externalized
 * @param lastFailure why the latest failed checkpoint failed, as the JobManager reports it; empty when none
 *     failed, and when the failures were checkpoints that could not even be triggered (while the job's tasks
 *     are still starting, for example): Flink counts those in {@code failed} without a history entry
 */
@PublicEvolving
public record CheckpointStats(
        long completed,
        long failed,
        int inProgress,
        long restored,
        long lastDurationMillis,
        long lastStateSize,
        long lastCheckpointedSize,
        Optional<String> lastExternalPath,
        Optional<String> lastFailure) {}
