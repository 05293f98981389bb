package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.FlinkRest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.highavailability.nonha.embedded.HaLeadershipControl;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Flink MiniCluster in this JVM: N TaskManagers x M slots, REST on a free port, heartbeats tuned
 * so a lost TaskManager is noticed in about a second, slots spread over TaskManagers, and JobMaster
 * leadership under the test's control (so {@link #loseJobManager()} can take it away, as a JobManager
 * failover would). Every wait is a bounded poll ({@link Await}).
 *
 * <pre>{@code
 * try (InJvmMiniCluster cluster = InJvmMiniCluster.builder().taskManagers(2).slotsPerTaskManager(2)
 *         .configuration(settings.clusterConfiguration()).start()) { ... }
 * }</pre>
 */
@PublicEvolving
public final class InJvmMiniCluster extends RestCluster {

    private static final Logger LOG = LoggerFactory.getLogger(InJvmMiniCluster.class);

    /** How long any single wait may take by default. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);

    private final MiniCluster miniCluster;
    private final int slotsPerTaskManager;
    private final List<Boolean> taskManagersAlive = new ArrayList<>();
    private final Set<JobID> suspendedJobs = new HashSet<>();

    private InJvmMiniCluster(MiniCluster miniCluster, Duration timeout, int taskManagers, int slotsPerTaskManager) {
        super(new FlinkRest(get(miniCluster.getRestAddress(), "the REST address", timeout), timeout), timeout);
        this.miniCluster = miniCluster;
        this.slotsPerTaskManager = slotsPerTaskManager;
        for (int i = 0; i < taskManagers; i++) {
            taskManagersAlive.add(true);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The underlying MiniCluster, for anything this class does not cover. */
    public MiniCluster miniCluster() {
        return miniCluster;
    }

    // ---- jobs -------------------------------------------------------------------------------

    /** Submits the job built in {@code env}, with the configuration the environment carries. */
    public JobID submit(StreamExecutionEnvironment env) {
        return get(miniCluster.submitJob(env.getStreamGraph()), "submitting the job")
                .getJobID();
    }

    /** Waits for the job to end, however it ends, and returns its result. */
    public JobResult awaitResult(JobID job) {
        return get(miniCluster.requestJobResult(job), "job " + job + " to end");
    }

    @Override
    public void cancel(JobID job) {
        get(miniCluster.cancelJob(job), "cancelling job " + job);
        awaitCancelled(job);
    }

    @Override
    public String stopWithSavepoint(JobID job, String savepointDir) {
        String savepoint = get(
                miniCluster.stopWithSavepoint(job, savepointDir, false, SavepointFormatType.CANONICAL),
                "stop-with-savepoint of job " + job);
        awaitTermination(job);
        return savepoint;
    }

    // ---- TaskManagers -----------------------------------------------------------------------

    @Override
    public synchronized List<Integer> liveTaskManagers() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < taskManagersAlive.size(); i++) {
            if (taskManagersAlive.get(i)) {
                live.add(i);
            }
        }
        return live;
    }

    /**
     * Shuts TaskManager {@code index} down while jobs run (its tasks fail and are redeployed elsewhere).
     * Slots are spread over TaskManagers, so a job whose parallelism is at least the number of
     * TaskManagers runs on every one.
     */
    @Override
    public synchronized Loss loseTaskManager(int index) {
        if (!taskManagersAlive.get(index)) {
            throw new IllegalArgumentException("TaskManager " + index + " is already lost");
        }
        get(miniCluster.terminateTaskManager(index), "terminating TaskManager " + index);
        taskManagersAlive.set(index, false);
        Loss loss = new Loss("taskmanager-" + index, "shut down (MiniCluster)", OptionalInt.empty());
        LOG.info("Lost {}", loss);
        return loss;
    }

    @Override
    public synchronized int startTaskManager() {
        try {
            miniCluster.startTaskManager();
        } catch (Exception e) {
            throw new IllegalStateException("Could not start a TaskManager", e);
        }
        taskManagersAlive.add(true);
        return taskManagersAlive.size() - 1;
    }

    // ---- JobManager -------------------------------------------------------------------------

    /** Always: the completed checkpoints survive a change of JobMaster leadership here (Flink's embedded HA services). */
    @Override
    public boolean highAvailability() {
        return true;
    }

    /** Every running job's JobMaster loses its leadership; the jobs are suspended until {@link #startJobManager()}. */
    @Override
    public synchronized Loss loseJobManager() {
        HaLeadershipControl leadership = leadership();
        for (var job : get(miniCluster.listJobs(), "the list of jobs")) {
            if (!job.getJobState().isGloballyTerminalState()) {
                get(leadership.revokeJobMasterLeadership(job.getJobId()), "revoking the leadership of job " + job);
                suspendedJobs.add(job.getJobId());
            }
        }
        Loss loss = new Loss(
                "jobmanager",
                "lost the JobMaster leadership of jobs " + suspendedJobs + " (MiniCluster)",
                OptionalInt.empty());
        LOG.info("Lost {}", loss);
        return loss;
    }

    /** Grants the suspended jobs' JobMaster leadership again: new JobMasters restore them from their latest checkpoints. */
    @Override
    public synchronized void startJobManager() {
        HaLeadershipControl leadership = leadership();
        for (JobID job : suspendedJobs) {
            get(leadership.grantJobMasterLeadership(job), "granting the leadership of job " + job);
        }
        suspendedJobs.clear();
    }

    /** Grants any suspended job's leadership back first: a job without a JobMaster cannot be cancelled. */
    @Override
    public synchronized void cancelRunningJobs() {
        startJobManager();
        super.cancelRunningJobs();
    }

    private HaLeadershipControl leadership() {
        return miniCluster
                .getHaLeadershipControl()
                .orElseThrow(() -> new IllegalStateException("This MiniCluster has no leadership control"));
    }

    // ---- plumbing ---------------------------------------------------------------------------

    @Override
    int slotsPerTaskManager() {
        return slotsPerTaskManager;
    }

    @Override
    String describe() {
        return "MiniCluster at " + restApi().base();
    }

    private <T> T get(CompletableFuture<T> future, String what) {
        return get(future, what, timeout());
    }

    private static <T> T get(CompletableFuture<T> future, String what, Duration timeout) {
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
    public void close() {
        try {
            miniCluster.close();
        } catch (Exception e) {
            throw new IllegalStateException("Could not stop the MiniCluster", e);
        }
    }

    /** Builds and starts an {@link InJvmMiniCluster}. */
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

        public InJvmMiniCluster start() {
            Configuration effective = new Configuration();
            effective.set(RestOptions.BIND_PORT, "0");
            // A lost TaskManager is noticed within about a second; the timeout stays long enough
            // that a busy 2-core machine does not raise false alarms.
            effective.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, Duration.ofMillis(500));
            effective.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, Duration.ofSeconds(10));
            // Fresh metrics and job states through REST instead of the UI's multi-second caches.
            effective.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(100));
            effective.set(WebOptions.REFRESH_INTERVAL, Duration.ofMillis(100));
            // restarts() counts the exception history: keep all of it (Flink keeps 16).
            effective.set(WebOptions.MAX_EXCEPTION_HISTORY_SIZE, 1000);
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
                    .setHaServices(MiniCluster.HaServices.WITH_LEADERSHIP_CONTROL)
                    .build());
            try {
                miniCluster.start();
                return new InJvmMiniCluster(miniCluster, timeout, taskManagers, slotsPerTaskManager);
            } catch (Exception e) {
                try {
                    miniCluster.close();
                } catch (Exception suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw new IllegalStateException("Could not start the MiniCluster", e);
            }
        }
    }
}
