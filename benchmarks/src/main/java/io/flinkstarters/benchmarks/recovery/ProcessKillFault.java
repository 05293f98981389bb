package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.testkit.Loss;
import io.flinkstarters.testkit.ProcessCluster;
import org.apache.flink.api.common.JobID;

/**
 * {@code kill -9} of the TaskManager process the job runs on: no goodbye, its sockets just refuse, so
 * the JobManager learns of it only from failed heartbeat RPCs. Which process that is needs no lookup:
 * {@link ProcessClusterJob} lets the job start on the only TaskManager and adds a spare afterwards, so
 * the job always runs on the oldest live TaskManager (after a failover the spare was the only one with
 * free slots). After the recovery is measured a replacement is started, as an orchestrator would, and
 * becomes the next spare.
 */
final class ProcessKillFault implements Fault {

    private final ProcessCluster cluster;
    private final String label;

    ProcessKillFault(ProcessCluster cluster, String label) {
        this.cluster = cluster;
        this.label = label;
    }

    @Override
    public String label() {
        return label;
    }

    @Override
    public void strike(BenchStack stack, JobID job, int repetition) {
        Loss loss = cluster.loseTaskManager(cluster.liveTaskManagers().get(0));
        if (!loss.killedBySigkill()) {
            throw new IllegalStateException("The TaskManager did not die of SIGKILL: " + loss);
        }
    }

    @Override
    public void restore() {
        cluster.startTaskManager();
        cluster.awaitTaskManagers(ProcessClusterJob.TASK_MANAGERS);
    }
}
