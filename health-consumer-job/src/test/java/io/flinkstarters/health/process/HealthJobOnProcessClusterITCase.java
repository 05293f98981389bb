package io.flinkstarters.health.process;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.ContractRun;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.ObjectStore;
import io.flinkstarters.testkit.ProcessCluster;
import io.flinkstarters.testkit.RecoveryTime;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The health job's shaded jar on a standalone Flink cluster of real processes (one JobManager, two
 * TaskManagers x 2 slots), submitted with {@code flink run}, checkpointing to {@code s3://} on an
 * S3-protocol store and reading and writing a real Kafka broker, both in this JVM and reached over
 * loopback. The cluster's configuration is the starters' {@code clusterConfiguration()} (heartbeats,
 * retained checkpoints, failover strategy) plus the store's S3 access, so the recovery measured here
 * is what the shipped defaults give. After every fault the committed aggregates must be exactly the
 * expected windows, each once, with exactly its measurements' statistics; each test also proves the
 * fault happened (a dead process, a restart, a restored checkpoint, failed checkpoints).
 */
class HealthJobOnProcessClusterITCase {

    private static final Logger LOG = LoggerFactory.getLogger(HealthJobOnProcessClusterITCase.class);
    private static final int TASK_MANAGERS = 2;
    private static final AtomicInteger RUNS = new AtomicInteger();

    private static KafkaBroker kafka;
    private static ObjectStore store;
    private static ProcessCluster cluster;

    @BeforeAll
    static void startEverything() {
        store = ObjectStore.start("health-process");
        kafka = KafkaBroker.start();
        // The cluster-level part of the same starter settings every run's application.conf holds;
        // environment variables apply (FLINK_HEARTBEAT_INTERVAL_MS=10000 measures Flink's own defaults).
        // No preflight here: this JVM has no S3 file system; each flink run checks storage from its client.
        // tag::process-cluster[]
        Configuration clusterLevel = FlinkStarters.settings(ConfigLoader.load(
                        ConfigFactory.parseString(
                                ContractRun.startersConfig(store.uri("any/checkpoints"), store.uri("any/savepoints"))
                                        + "flink.starters.preflight.enabled = false"),
                        System.getenv()))
                .clusterConfiguration();
        cluster = ProcessCluster.builder()
                .name("health-job")
                .taskManagers(TASK_MANAGERS)
                .slotsPerTaskManager(2)
                .configuration(clusterLevel)
                .configuration(store.flinkS3Options())
                .start();
        // end::process-cluster[]
    }

    @AfterAll
    static void stopEverything() {
        for (AutoCloseable component : new AutoCloseable[] {cluster, kafka, store}) {
            try {
                if (component != null) {
                    component.close();
                }
            } catch (Exception e) {
                LOG.warn("Could not stop {}", component, e);
            }
        }
    }

    /** Leaves the cluster as the next test expects it: store serving, no jobs, two live TaskManagers. */
    @AfterEach
    void restoreTheCluster() {
        store.resume();
        cluster.cancelRunningJobs();
        while (cluster.liveTaskManagers().size() < TASK_MANAGERS) {
            cluster.startTaskManager();
        }
        cluster.awaitTaskManagers(TASK_MANAGERS);
    }

    private JarRun newRun(TestInfo test) {
        String name = test.getTestMethod().orElseThrow().getName().toLowerCase() + "-" + RUNS.incrementAndGet();
        return new JarRun(cluster, kafka, store, name);
    }

    /** 1. kill -9 of a TaskManager mid-stream: the job recovers on the remaining one, exactly once, within seconds. */
    @Test
    void killedTaskManagerProcess(TestInfo test) {
        JarRun run = newRun(test);
        JobID job = run.start();
        int victim = cluster.liveTaskManagers().get(0);
        int[] exitStatus = new int[1];

        // tag::kill[]
        RecoveryTime recovery = RecoveryTime.measure(
                cluster,
                job,
                () -> {
                    exitStatus[0] = cluster.loseTaskManager(victim)
                            .exitStatus()
                            .orElseThrow(); // SIGKILL; returns once the process is gone
                    run.topics().produceNextPhase();
                },
                run.topics()::committedCount);
        // end::kill[]
        long restarts = cluster.restarts(job);
        LOG.info(
                "kill -9 of a TaskManager: all tasks running after {} ms, first committed output after {} ms, {} restart(s)",
                recovery.toRunning().toMillis(),
                recovery.toFirstOutput().toMillis(),
                restarts);

        assertThat(exitStatus[0])
                .as("exit status of the TaskManager (128 + SIGKILL)")
                .isEqualTo(137);
        assertThat(cluster.liveTaskManagers()).doesNotContain(victim);
        assertThat(cluster.restoredCheckpointId(job))
                .as("checkpoint restored after the failover")
                .hasValueSatisfying(id -> assertThat(id).isPositive());
        assertThat(restarts)
                .as("restarts for one lost TaskManager (the budget is 30)")
                .isBetween(1L, 5L);
        assertThat(recovery.toRunning())
                .as("noticed by failed heartbeats (2 x 500 ms), not by the 15 s timeout")
                .isLessThan(Duration.ofSeconds(15));
        run.topics().verdict(cluster, job).assertExactlyOnce();
    }

    /** 2. Redeploy from scratch: cancel, submit again with restore.from = latest-retained; it resumes from the newest checkpoint on S3. */
    @Test
    void cancelAndRedeployFromLatestRetained(TestInfo test) {
        JarRun run = newRun(test);
        JobID first = run.start();
        long checkpointsBefore = cluster.awaitNextCheckpoint(first).completed();
        cluster.cancel(first);
        run.topics().produceNextPhase();

        JobID second =
                run.submit(ContractRun.RESTORE_LATEST_RETAINED); // flink run ... --config <conf with latest-retained>
        cluster.awaitAllTasksRunning(second);

        assertThat(cluster.checkpointStats(second).restored())
                .as("restored checkpoints of the redeployed job")
                .isEqualTo(1);
        assertThat(cluster.restoredCheckpointId(second))
                .as("the first job's latest checkpoint")
                .hasValueSatisfying(id -> assertThat(id).isGreaterThanOrEqualTo(checkpointsBefore));
        run.topics().verdict(cluster, second).assertExactlyOnce();
    }

    /** 3. Upgrade: stop with a savepoint, submit again from it; window and dedup state are kept. */
    @Test
    void stopWithSavepointAndResubmit(TestInfo test) {
        JarRun run = newRun(test);
        JobID first = run.start();
        String savepoint = cluster.stopWithSavepoint(first, run.savepointDir());
        Await.until(
                "job " + first + " to finish after its savepoint",
                () -> cluster.status(first),
                JobStatus::isGloballyTerminalState,
                cluster.timeout());
        run.topics().produceNextPhase();

        JobID upgraded = run.submit(ContractRun.restoreFromPath(savepoint));
        cluster.awaitAllTasksRunning(upgraded);

        assertThat(savepoint).startsWith(run.savepointDir());
        assertThat(cluster.checkpointStats(upgraded).restored())
                .as("restored snapshots of the resubmitted job")
                .isEqualTo(1);
        run.topics().verdict(cluster, upgraded).assertExactlyOnce();
    }

    /**
     * 4. The object store refuses requests: with tolerable-failures = 1 the first failed checkpoint is
     * tolerated, the second fails the job over; once the store is back the job recovers, exactly once.
     */
    @Test
    void checkpointStorageOutage(TestInfo test) {
        JarRun run = newRun(test);
        JobID job = run.start();
        long failedBefore = cluster.checkpointStats(job).failed();
        store.stop();
        try {
            cluster.awaitFailedCheckpoints(job, failedBefore + 1);
            assertThat(cluster.restarts(job))
                    .as("restarts after one failed checkpoint (tolerable-failures = 1)")
                    .isZero();
            cluster.awaitRestarts(job, 1);
            assertThat(cluster.checkpointStats(job).failed())
                    .as("failed checkpoints when the job failed over")
                    .isGreaterThanOrEqualTo(failedBefore + 2);
        } finally {
            store.resume();
        }
        run.topics().produceNextPhase();
        run.topics().verdict(cluster, job).assertExactlyOnce();
    }
}
