package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.FlinkRest;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;

/**
 * What both clusters observe the same way, over the JobManager's REST API (as an operator's tools do):
 * the one implementation behind {@link InJvmMiniCluster} and {@link ProcessCluster}.
 */
abstract class RestCluster implements FlinkCluster {

    private final FlinkRest rest;
    private final Duration timeout;

    RestCluster(FlinkRest rest, Duration timeout) {
        this.rest = rest;
        this.timeout = timeout;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public String rest(String path) {
        return rest.text(path);
    }

    @Override
    public JobStatus status(JobID job) {
        return rest.jobStatus(job);
    }

    @Override
    public boolean knows(JobID job) {
        return rest.knows(job);
    }

    @Override
    public boolean allTasksRunning(JobID job) {
        return rest.allTasksRunning(job);
    }

    @Override
    public CheckpointStats checkpointStats(JobID job) {
        return rest.checkpointStats(job);
    }

    @Override
    public Optional<Long> restoredCheckpointId(JobID job) {
        return rest.restoredCheckpointId(job);
    }

    @Override
    public Optional<Long> latestCompletedCheckpointId(JobID job) {
        return rest.latestCompletedCheckpointId(job);
    }

    @Override
    public long restarts(JobID job) {
        return rest.failovers(job);
    }

    @Override
    public int parallelism(JobID job) {
        return rest.parallelism(job);
    }

    @Override
    public Optional<String> latestFailure(JobID job) {
        return rest.latestFailure(job);
    }

    @Override
    public int registeredTaskManagers() {
        return rest.taskManagerIds().size();
    }

    @Override
    public void cancelRunningJobs() {
        rest.jobs().forEach((job, status) -> {
            if (!status.isGloballyTerminalState()) {
                try {
                    cancel(job);
                } catch (RuntimeException | AssertionError e) {
                    // It may have ended on its own meanwhile; the next test starts a job of its own anyway.
                }
            }
        });
    }

    @Override
    public void awaitTaskManagers(int count) {
        Await.until(
                count + " TaskManagers with all their slots to register (" + describe() + ")",
                () -> rest.taskManagerIds().size() == count && rest.totalSlots() == count * slotsPerTaskManager(),
                timeout);
    }

    /** The cancel wait both clusters share. */
    void awaitCancelled(JobID job) {
        Await.until("job " + job + " to be cancelled", () -> status(job), JobStatus::isGloballyTerminalState, timeout);
    }

    abstract int slotsPerTaskManager();

    /** Where to look when a wait fails, e.g. the log directory. */
    abstract String describe();

    FlinkRest restApi() {
        return rest;
    }
}
