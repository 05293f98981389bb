package io.flinkstarters.checkpoint;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;

/** What happens to completed checkpoints when a job is cancelled. */
@PublicEvolving
public enum Retention {
    /** Keep them, so the job can be redeployed from the latest one (the production default). */
    RETAIN_ON_CANCELLATION(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION),
    /** Delete them on cancellation; kept only when the job fails terminally. */
    DELETE_ON_CANCELLATION(ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION),
    /** Do not externalize checkpoints at all. */
    NONE(ExternalizedCheckpointRetention.NO_EXTERNALIZED_CHECKPOINTS);

    private final ExternalizedCheckpointRetention flinkValue;

    Retention(ExternalizedCheckpointRetention flinkValue) {
        this.flinkValue = flinkValue;
    }

    public ExternalizedCheckpointRetention toFlink() {
        return flinkValue;
    }
}
