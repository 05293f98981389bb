package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.testkit.FlinkCluster;
import org.apache.flink.api.common.JobID;

/**
 * A running job as the recovery benchmark watches it, whichever cluster it runs on: in this JVM
 * ({@link MiniClusterJob}) or in TaskManager processes ({@link ProcessClusterJob}). The phases are
 * measured the same way for both; only where the readings come from differs.
 */
interface WatchedJob {

    JobID id();

    FlinkCluster cluster();

    /**
     * The instant every task of the job was RUNNING again in attempts started after {@code since} (the
     * latest of their RUNNING times, JobManager clock), or 0 while some task is not.
     */
    long runningSince(long since) throws Exception;

    /** Per source split (subtask or partition): milliseconds behind the input, -1 where not known yet. */
    long[] lagMillis();

    /** Forgets the lag readings before a fault, where a reading can be stale. */
    default void resetLag() {}
}
