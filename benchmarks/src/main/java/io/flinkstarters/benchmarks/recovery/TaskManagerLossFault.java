package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import org.apache.flink.api.common.JobID;

/**
 * A MiniCluster TaskManager taken away while the job runs on it, and a replacement started
 * ({@code InJvmMiniCluster.replaceTaskManager}). The job runs with parallelism 2 spread over both TaskManagers,
 * so whichever is lost hosts part of it. Strike n takes the n-th TaskManager in start order: the two
 * alive then are n and n + 1 (the replacement of the previous strike).
 *
 * <p>The MiniCluster shuts the TaskManager down in an orderly way, so its connections close and Flink
 * learns of the loss at once; a killed process is only noticed by heartbeats (the process-kill fault).
 */
final class TaskManagerLossFault implements Fault {

    @Override
    public String label() {
        return "TaskManager loss (MiniCluster)";
    }

    @Override
    public void strike(BenchStack stack, JobID job, int repetition) {
        stack.cluster().replaceTaskManager(repetition);
    }
}
