package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;

/**
 * What a test can observe of the jobs on a Flink cluster, whether a MiniCluster ({@link FlinkCluster})
 * or real processes ({@link ProcessCluster}), the bounded waits built on it, and cancelling a job.
 */
@PublicEvolving
public interface ObservableCluster {

    /** How long any single wait may take. */
    Duration timeout();

    /** GET on the JobManager's REST API, e.g. {@code /jobs/<id>/exceptions}. */
    JsonNode rest(String path);

    JobStatus status(JobID job);

    /** Whether the job and every one of its tasks run. */
    boolean allTasksRunning(JobID job);

    CheckpointStats checkpointStats(JobID job);

    /** How often the job has restarted, from the JobManager's {@code numRestarts} metric. */
    long restarts(JobID job);

    /** Cancels the job and waits until it is cancelled. */
    void cancel(JobID job);

    /** Waits until the job and every one of its tasks run. */
    default void awaitAllTasksRunning(JobID job) {
        Await.until("all tasks of job " + job + " to run", () -> allTasksRunning(job), timeout());
    }

    /** Waits until at least {@code count} checkpoints of the job have completed. */
    default CheckpointStats awaitCompletedCheckpoints(JobID job, long count) {
        return Await.until(
                count + " completed checkpoints of job " + job,
                () -> checkpointStats(job),
                stats -> stats.completed() >= count,
                timeout());
    }

    /** Waits until one more checkpoint completes than have completed now. */
    default CheckpointStats awaitNextCheckpoint(JobID job) {
        return awaitCompletedCheckpoints(job, checkpointStats(job).completed() + 1);
    }

    /** Waits until at least {@code count} checkpoints of the job have failed. */
    default CheckpointStats awaitFailedCheckpoints(JobID job, long count) {
        return Await.until(
                count + " failed checkpoints of job " + job,
                () -> checkpointStats(job),
                stats -> stats.failed() >= count,
                timeout());
    }

    /**
     * The latest completed checkpoint's path. Polls, because the statistics can lag behind the
     * checkpoint itself (and behind the job result).
     */
    default String awaitLatestCheckpointPath(JobID job) {
        return Await.until(
                        "an externalized completed checkpoint of job " + job,
                        () -> checkpointStats(job).lastExternalPath(),
                        Optional::isPresent,
                        timeout())
                .orElseThrow();
    }

    /** Waits until the job has restarted at least {@code count} times. */
    default long awaitRestarts(JobID job, long count) {
        return Await.until(count + " restarts of job " + job, () -> restarts(job), seen -> seen >= count, timeout());
    }
}
