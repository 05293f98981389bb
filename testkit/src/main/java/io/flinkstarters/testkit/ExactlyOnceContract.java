package io.flinkstarters.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A job-level contract test: subclass it, say how to build the job, feed input and read output
 * ({@link ContractJob}), and inherit a battery of faults, each followed by an exactly-once check of
 * the committed output.
 *
 * <p>Every test: input records {@code [0, n)} are produced, the job runs (configured through the
 * starters: exactly-once checkpoints every 500 ms on the testkit's S3 store), a fault strikes once it
 * has completed a checkpoint and committed output, records {@code [n, 2n)} follow, and the committed
 * output must hold every expected record exactly once. Each test also proves its fault really
 * happened (an injected exception and a restart, failed checkpoints, a replaced TaskManager, a restore).
 */
@PublicEvolving
public abstract class ExactlyOnceContract<K> implements ContractJob<K> {

    /** The components every contract test shares: 2 TaskManagers x 2 slots, Kafka, and an S3 store for checkpoints. */
    @RegisterExtension
    protected static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(2)
            .slotsPerTaskManager(2)
            .kafka()
            .objectStore("contract")
            .build();

    private static final AtomicInteger RUNS = new AtomicInteger();

    /** Leaves the shared components as the next test expects them, whatever this test did. */
    @AfterEach
    public void cleanUp() {
        TESTKIT.objectStore().resume();
        TESTKIT.cluster().cancelRunningJobs();
    }

    /** A run of this job for one test, with its own topics and storage paths. */
    protected ContractRun<K> newRun(TestInfo test, OperatorFailure failure) {
        String name = test.getTestMethod()
                        .map(method -> method.getName())
                        .orElse("run")
                        .toLowerCase() + "-" + RUNS.incrementAndGet();
        return new ContractRun<>(TESTKIT, this, name, failure);
    }

    /** Fault 1: an exception in the job's pipeline after a checkpoint, with records in flight. */
    @Test
    public void operatorException(TestInfo test) {
        ContractRun<K> run =
                newRun(test, OperatorFailure.afterRecords(recordsPerPhase() / 8).afterCheckpoint(1));
        JobID job = run.start();
        run.measureRecovery(job, run::produceSecondPhase);
        run.verify(job);
        assertEquals(1, run.failure().injected(), "injected operator failures");
    }

    /** Fault 2: a TaskManager running the job is lost and replaced. */
    @Test
    public void taskManagerLoss(TestInfo test) {
        ContractRun<K> run = newRun(test, OperatorFailure.none());
        JobID job = run.start();
        run.measureRecovery(job, () -> {
            run.cluster().loseTaskManager(0);
            run.produceSecondPhase();
        });
        run.verify(job);
    }

    /** Fault 3: checkpoint storage refuses requests; past the tolerable failures the job fails over, then recovers. */
    @Test
    public void checkpointStorageOutage(TestInfo test) {
        ContractRun<K> run = newRun(test, OperatorFailure.none());
        JobID job = run.start();
        long failedBefore = run.cluster().checkpointStats(job).failed();
        TESTKIT.objectStore().stop();
        try {
            // tolerable-failures = 1: the second failed checkpoint in a row fails the job over.
            run.cluster().awaitFailedCheckpoints(job, failedBefore + 2);
            run.cluster().awaitRestarts(job, 1);
        } finally {
            TESTKIT.objectStore().resume();
        }
        run.produceSecondPhase();
        run.verify(job);
    }

    /** Fault 5: the job is cancelled, then submitted again with {@code restore.from = latest-retained}. */
    @Test
    public void cancelAndRestoreFromLatestRetained(TestInfo test) {
        ContractRun<K> run = newRun(test, OperatorFailure.none());
        JobID first = run.start();
        run.cluster().cancel(first);
        run.produceSecondPhase();
        JobID second = run.submit(ContractRun.RESTORE_LATEST_RETAINED, 1);
        run.verify(second);
        assertEquals(1, run.cluster().checkpointStats(second).restored(), "restored checkpoints of the redeployed job");
    }

    /** Fault 6: stop with a savepoint, then start the upgraded job (version 2) from it. */
    @Test
    public void stopWithSavepointAndUpgrade(TestInfo test) {
        ContractRun<K> run = newRun(test, OperatorFailure.none());
        JobID first = run.start();
        String savepoint = run.cluster().stopWithSavepoint(first, run.savepointDir());
        run.produceSecondPhase();
        JobID upgraded = run.submit(ContractRun.restoreFromPath(savepoint), 2);
        run.verify(upgraded);
        assertEquals(1, run.cluster().checkpointStats(upgraded).restored(), "restored snapshots of the upgraded job");
    }
}
