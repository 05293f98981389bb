package io.flinkstarters.recovery;

import java.time.Instant;
import org.apache.flink.annotation.PublicEvolving;

/**
 * A completed checkpoint or savepoint a job can restore from.
 *
 * @param path the directory holding {@code _metadata}, as Flink's {@code execution.state-recovery.path} wants it
 * @param completedAt when its {@code _metadata} was written
 */
@PublicEvolving
public record RestorePoint(String path, Kind kind, Instant completedAt) {

    /** Checkpoints are taken by Flink on its own; savepoints on request (stop-with-savepoint, upgrades). */
    public enum Kind {
        CHECKPOINT,
        SAVEPOINT
    }
}
