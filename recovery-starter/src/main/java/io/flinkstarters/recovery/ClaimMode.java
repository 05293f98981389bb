package io.flinkstarters.recovery;

import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.core.execution.RecoveryClaimMode;

/** Who owns the files of the checkpoint a job restores from. */
@PublicEvolving
public enum ClaimMode {
    /** The old checkpoint stays untouched; the new job's first checkpoint is a full one. */
    NO_CLAIM(RecoveryClaimMode.NO_CLAIM),
    /** The new job takes ownership and may delete the old checkpoint when it is subsumed. */
    CLAIM(RecoveryClaimMode.CLAIM);

    private final RecoveryClaimMode flinkValue;

    ClaimMode(RecoveryClaimMode flinkValue) {
        this.flinkValue = flinkValue;
    }

    public RecoveryClaimMode toFlink() {
        return flinkValue;
    }
}
