package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;

/**
 * How long a job took to recover from a fault: until all its tasks ran again after a restart, and
 * until the first output committed after the fault (for an exactly-once sink, the first checkpoint
 * after recovery).
 */
@PublicEvolving
public record RecoveryTime(Duration toRunning, Duration toFirstOutput) {

    /**
     * Strikes with {@code fault} and measures the recovery of {@code job}.
     *
     * @param committedOutput how many output records are committed so far (e.g. a
     *     {@link KafkaBroker#readCommitted(String)} count); must grow after recovery, so input must
     *     keep flowing (produce it in {@code fault} if needed)
     */
    public static RecoveryTime measure(
            FlinkCluster cluster, JobID job, Runnable fault, Callable<Integer> committedOutput) {
        long restartsBefore = cluster.restarts(job);
        long start = System.nanoTime();
        fault.run();
        int outputAtFault = call(committedOutput);
        cluster.awaitRestarts(job, restartsBefore + 1);
        cluster.awaitAllTasksRunning(job);
        Duration toRunning = Duration.ofNanos(System.nanoTime() - start);
        Await.until(
                "output committed after the fault (had " + outputAtFault + " records)",
                committedOutput,
                count -> count > outputAtFault,
                cluster.timeout());
        return new RecoveryTime(toRunning, Duration.ofNanos(System.nanoTime() - start));
    }

    private static int call(Callable<Integer> count) {
        try {
            return count.call();
        } catch (Exception e) {
            throw new IllegalStateException("Could not count the committed output", e);
        }
    }
}
