package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.FlinkRest;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.StreamSupport;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.checkpoint.CheckpointStatsSnapshot;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A real Flink MiniCluster for tests: N TaskManagers x M slots in this JVM, REST on a free port,
 * heartbeats tuned so a lost TaskManager is noticed in about a second, and the observation and
 * fault calls tests need. Every wait is a bounded poll ({@link Await}).
 *
 * <pre>{@code
 * try (FlinkCluster cluster = FlinkCluster.builder().taskManagers(2).slotsPerTaskManager(2)
 *         .configuration(settings.clusterConfiguration()).start()) { ... }
 * }</pre>
 */
@PublicEvolving
public final class FlinkCluster implements ObservableCluster, AutoCloseable {

    /** How long any single wait may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private final MiniCluster miniCluster;
    private final Duration timeout;
    private final FlinkRest rest;

    private FlinkCluster(MiniCluster miniCluster, Duration timeout) {
        this.miniCluster = miniCluster;
        this.timeout = timeout;
        this.rest = new FlinkRest(get(miniCluster.getRestAddress(), "the REST address"), timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The underlying MiniCluster, for anything this class does not cover. */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    // ---- jobs -------------------------------------------------------------------------------

    /** Submits the job built in {@code env}, with the configuration the environment carries. */
    public JobID submit(StreamExecutionEnvironment env) {
        return get(miniCluster.submitJob(env.getStreamGraph()), "submitting the job")
                .getJobID();
    }

    @Override
    public JobStatus status(JobID job) {
        return get(miniCluster.getJobStatus(job), "the status of job " + job);
    }

    @Override
    public boolean allTasksRunning(JobID job) {
        AccessExecutionGraph graph = executionGraph(job);
        return graph.getState() == JobStatus.RUNNING
                && StreamSupport.stream(graph.getAllExecutionVertices().spliterator(), false)
                        .allMatch(vertex -> vertex.getExecutionState() == ExecutionState.RUNNING);
    }

    /** Waits for the job to end, however it ends. */
    public JobResult awaitTermination(JobID job) {
        return get(miniCluster.requestJobResult(job), "job " + job + " to end");
    }

    @Override
    public void cancel(JobID job) {
        get(miniCluster.cancelJob(job), "cancelling job " + job);
        Await.until("job " + job + " to be cancelled", () -> status(job), JobStatus::isGloballyTerminalState, timeout);
    }

    /**
     * Cancels every job that has not ended, and waits until they have: a test that failed half-way
     * must not leave its job holding slots and CPU for the tests after it.
     */
    public void cancelRunningJobs() {
        for (var job : get(miniCluster.listJobs(), "the list of jobs")) {
            if (!job.getJobState().isGloballyTerminalState()) {
                try {
                    cancel(job.getJobId());
                } catch (IllegalStateException e) {
                    // It ended on its own meanwhile.
                }
            }
        }
    }

    /** Stops the job with a savepoint (the upgrade path) and returns the savepoint's path. */
    public String stopWithSavepoint(JobID job, String savepointDir) {
        return get(
                miniCluster.stopWithSavepoint(job, savepointDir, false, SavepointFormatType.CANONICAL),
                "stop-with-savepoint of job " + job);
    }

    // ---- checkpoints and restarts -----------------------------------------------------------

    @Override
    public CheckpointStats checkpointStats(JobID job) {
        CheckpointStatsSnapshot snapshot = executionGraph(job).getCheckpointStatsSnapshot();
        CompletedCheckpointStats last = snapshot.getHistory().getLatestCompletedCheckpoint();
        return new CheckpointStats(
                snapshot.getCounts().getNumberOfCompletedCheckpoints(),
                snapshot.getCounts().getNumberOfFailedCheckpoints(),
                snapshot.getCounts().getNumberOfInProgressCheckpoints(),
                snapshot.getCounts().getNumberOfRestoredCheckpoints(),
                last == null ? -1 : last.getEndToEndDuration(),
                last == null ? 0 : last.getStateSize(),
                last == null ? 0 : last.getCheckpointedSize(),
                Optional.ofNullable(last).map(CompletedCheckpointStats::getExternalPath));
    }

    @Override
    public long restarts(JobID job) {
        return rest.restarts(job);
    }

    // ---- TaskManagers -----------------------------------------------------------------------

    /** TaskManagers registered with the ResourceManager, as the REST API reports them. */
    public int runningTaskManagers() {
        return taskManagerIds().size();
    }

    private Set<String> taskManagerIds() {
        return rest.taskManagerIds();
    }

    /**
     * Takes away a TaskManager while jobs run (its tasks fail and are redeployed elsewhere) and starts
     * a replacement, as an orchestrator would; waits until the lost one is gone and the replacement
     * has registered. Slots are spread over TaskManagers, so a job whose parallelism is at least the
     * number of TaskManagers runs on the lost one.
     *
     * @param index the TaskManager's position in start order (0 for the first; replacements follow)
     */
    public void loseTaskManager(int index) {
        Set<String> before = taskManagerIds();
        get(miniCluster.terminateTaskManager(index), "terminating TaskManager " + index);
        try {
            miniCluster.startTaskManager();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start a replacement TaskManager", e);
        }
        Await.until(
                "TaskManager " + index + " to be replaced (registered before: " + before + ")",
                this::taskManagerIds,
                now -> now.size() == before.size() && !now.containsAll(before),
                timeout);
    }

    // ---- plumbing ---------------------------------------------------------------------------

    /** GET on the cluster's REST API, e.g. {@code /jobs/<id>/checkpoints/config}. */
    @Override
    public JsonNode rest(String path) {
        return rest.get(path);
    }

    private AccessExecutionGraph executionGraph(JobID job) {
        return get(miniCluster.getExecutionGraph(job), "the execution graph of job " + job);
    }

    private <T> T get(CompletableFuture<T> future, String what) {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + what, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Failed: " + what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + what, e);
        }
    }

    @Override
    public void close() throws Exception {
        miniCluster.close();
    }

    /** Builds and starts a {@link FlinkCluster}. */
    public static final class Builder {
        private int taskManagers = 1;
        private int slotsPerTaskManager = 2;
        private Duration timeout = DEFAULT_TIMEOUT;
        private final Configuration configuration = new Configuration();

        private Builder() {}

        public Builder taskManagers(int taskManagers) {
            this.taskManagers = taskManagers;
            return this;
        }

        public Builder slotsPerTaskManager(int slots) {
            this.slotsPerTaskManager = slots;
            return this;
        }

        /** Cluster-level options, e.g. {@code StarterSettings.clusterConfiguration()} or S3 access. */
        public Builder configuration(Configuration clusterOptions) {
            configuration.addAll(clusterOptions);
            return this;
        }

        /** The longest any single wait may take (default {@link #DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        public FlinkCluster start() {
            Configuration effective = new Configuration();
            effective.set(RestOptions.BIND_PORT, "0");
            // A lost TaskManager is noticed within about a second; the timeout stays long enough
            // that a busy 2-core machine does not raise false alarms.
            effective.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
            effective.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
            // Fresh metrics and job states through REST instead of the UI's multi-second caches.
            effective.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(100));
            effective.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(100));
            // Spread each job's slots over all TaskManagers, as production clusters should: a job with
            // parallelism >= TaskManagers then runs on every one, so losing any TaskManager hits it.
            effective.set(
                    TaskManagerOptions.TASK_MANAGER_LOAD_BALANCE_MODE,
                    TaskManagerOptions.TaskManagerLoadBalanceMode.SLOTS);
            effective.addAll(configuration);
            MiniCluster miniCluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                    .setConfiguration(effective)
                    .setNumTaskManagers(taskManagers)
                    .setNumSlotsPerTaskManager(slotsPerTaskManager)
                    .build());
            try {
                miniCluster.start();
            } catch (Exception e) {
                throw new IllegalStateException("Could not start the MiniCluster", e);
            }
            return new FlinkCluster(miniCluster, timeout);
        }
    }
}
