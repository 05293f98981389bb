package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * A Flink cluster a test runs jobs on and strikes: a MiniCluster in this JVM ({@link InJvmMiniCluster}) or
 * real JobManager and TaskManager processes ({@link ProcessCluster}). Both offer the same observations
 * (read from the JobManager's REST API, as an operator would), the same faults under the same names, and
 * the same bounded waits ({@link Await}); only how a job is submitted differs, because what is submitted
 * differs: a pipeline built in this JVM ({@link InJvmMiniCluster#submit}) or the job's jar
 * ({@link ProcessCluster#submit}).
 *
 * <p>TaskManagers are numbered in start order, replacements included: the first two are 0 and 1, the
 * replacement started after losing one is 2.
 */
@PublicEvolving
public interface FlinkCluster extends AutoCloseable {

    /** How long any single wait may take. */
    Duration timeout();

    // ---- observation --------------------------------------------------------------------------

    /** GET on the JobManager's REST API, e.g. {@code /jobs/<id>/exceptions}; the JSON body as text. */
    String rest(String path);

    JobStatus status(JobID job);

    /** Whether the cluster knows the job (a JobManager without high availability forgets its jobs when it dies). */
    boolean knows(JobID job);

    /** Whether the job and every one of its tasks run. */
    boolean allTasksRunning(JobID job);

    CheckpointStats checkpointStats(JobID job);

    /** The id of the job's latest completed checkpoint, if it completed one. */
    Optional<Long> latestCompletedCheckpointId(JobID job);

    /** The id of the checkpoint or savepoint the job restored from when it started or last restarted. */
    Optional<Long> restoredCheckpointId(JobID job);

    /**
     * How often the job failed over, counted in its exception history ({@code /jobs/<id>/exceptions}): after
     * a TaskManager process is killed, the {@code numRestarts} metric the REST API serves stays frozen for
     * {@code web.timeout}, because the metric fetcher waits for the dead TaskManager.
     */
    long restarts(JobID job);

    /** The highest parallelism of the job's vertices, as the REST job details report it. */
    int parallelism(JobID job);

    /** The newest failure in the job's exception history, one line ({@code exception: message}), if any. */
    Optional<String> latestFailure(JobID job);

    // ---- jobs ---------------------------------------------------------------------------------

    /** Cancels the job (retained checkpoints stay, per its retention) and waits until it is cancelled. */
    void cancel(JobID job);

    /** Cancels every job that has not ended, so a test that failed half-way leaves no job holding slots. */
    void cancelRunningJobs();

    /** Stops the job with a savepoint in {@code savepointDir} (the upgrade path); returns the savepoint's path once the job has ended. */
    String stopWithSavepoint(JobID job, String savepointDir);

    // ---- TaskManagers -------------------------------------------------------------------------

    /** TaskManagers registered with the ResourceManager, as the REST API reports them. */
    int registeredTaskManagers();

    /** The numbers of the TaskManagers that have not been lost. */
    List<Integer> liveTaskManagers();

    /**
     * The fault: TaskManager {@code index} goes away while jobs run on it. On the MiniCluster it is shut
     * down (its connections close, so Flink learns of it at once); on the process cluster its process is
     * killed with SIGKILL (no goodbye: only missed heartbeats tell). Returns once it is gone.
     */
    Loss loseTaskManager(int index);

    /** Starts one more TaskManager (a replacement, as an orchestrator would) and returns its number. */
    int startTaskManager();

    /** Waits until exactly {@code count} TaskManagers with all their slots are registered. */
    void awaitTaskManagers(int count);

    /** Loses TaskManager {@code index}, starts a replacement and waits until it has registered in its place. */
    default Loss replaceTaskManager(int index) {
        int before = liveTaskManagers().size();
        Loss loss = loseTaskManager(index);
        startTaskManager();
        awaitTaskManagers(before);
        return loss;
    }

    // ---- JobManager ---------------------------------------------------------------------------

    /**
     * Whether a lost JobManager's jobs come back by themselves once a JobManager leads again: with
     * ZooKeeper high availability on the process cluster, always on the MiniCluster (whose
     * {@link #loseJobManager()} takes JobMaster leadership away, see there).
     */
    boolean highAvailability();

    /**
     * The fault: the JobManager goes away. On the process cluster its process is killed with SIGKILL;
     * without high availability its jobs are gone with it. On the MiniCluster, which cannot lose its
     * JobManager without its TaskManagers, every running job's JobMaster loses its leadership (as when a
     * JobManager's ZooKeeper session ends); the jobs wait, suspended, for {@link #startJobManager()}.
     */
    Loss loseJobManager();

    /**
     * A JobManager leads again: a new process on the same ports, or the JobMasters' leadership granted
     * back. Returns once it serves REST requests; does nothing while one leads.
     */
    void startJobManager();

    /** Loses the JobManager and starts a new one; see {@link #loseJobManager()}. */
    default Loss replaceJobManager() {
        Loss loss = loseJobManager();
        startJobManager();
        return loss;
    }

    /** Stops everything the cluster started. */
    @Override
    void close();

    // ---- waits --------------------------------------------------------------------------------

    /** Waits until the job and every one of its tasks run; fails at once, saying why, if the job fails for good. */
    default void awaitAllTasksRunning(JobID job) {
        Await.until("all tasks of job " + job + " to run", () -> notFailed(job) && allTasksRunning(job), timeout());
    }

    /** Waits until at least {@code count} checkpoints of the job have completed. */
    default CheckpointStats awaitCompletedCheckpoints(JobID job, long count) {
        return Await.until(
                count + " completed checkpoints of job " + job,
                () -> notFailed(job) ? checkpointStats(job) : null,
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
                () -> notFailed(job) ? checkpointStats(job) : null,
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
        return Await.until(
                count + " restarts of job " + job,
                () -> notFailed(job) ? restarts(job) : -1,
                seen -> seen >= count,
                timeout());
    }

    /** Waits until the job has reached a terminal state (finished, cancelled or failed for good); returns it. */
    default JobStatus awaitTermination(JobID job) {
        return Await.until("job " + job + " to end", () -> status(job), JobStatus::isGloballyTerminalState, timeout());
    }

    /**
     * {@code true} unless the job has failed for good, in which case no wait on it can succeed: throws a
     * {@link JobFailedError} (which stops any {@link Await} at once) with its last failure.
     */
    default boolean notFailed(JobID job) {
        if (status(job) == JobStatus.FAILED) {
            throw new JobFailedError(job, restarts(job), latestFailure(job).orElse("no failure recorded"));
        }
        return true;
    }
}
