package io.flinkstarters.recovery;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** Which tasks restart after a failure. */
@PublicEvolving
public enum FailoverStrategy {
    /** Only the pipelined region of the failed task (for a streaming job, usually the connected graph). */
    REGION,
    /** Every task of the job. */
    FULL;

    /** The value of Flink's {@code jobmanager.execution.failover-strategy}. */
    public String flinkName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
