package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.Probe;
import io.flinkstarters.testkit.FlinkCluster;
import io.flinkstarters.testkit.InJvmMiniCluster;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;

/**
 * A job on the stack's MiniCluster: its execution graph is read directly (no REST cache in between), and
 * the lag comes from the {@link Probe} chained to its source, in this JVM.
 */
record MiniClusterJob(InJvmMiniCluster flink, JobID id, Probe probe) implements WatchedJob {

    @Override
    public FlinkCluster cluster() {
        return flink;
    }

    @Override
    public long runningSince(long since) throws Exception {
        AccessExecutionGraph graph = flink.miniCluster().getExecutionGraph(id).get();
        if (graph.getState() != JobStatus.RUNNING) {
            return 0;
        }
        long latest = 0;
        for (AccessExecutionVertex vertex : graph.getAllExecutionVertices()) {
            long running = vertex.getStateTimestamp(ExecutionState.RUNNING);
            // A task still RUNNING since before the fault is an attempt the restart has not replaced yet.
            if (vertex.getExecutionState() != ExecutionState.RUNNING || running < since) {
                return 0;
            }
            latest = Math.max(latest, running);
        }
        return latest;
    }

    @Override
    public long[] lagMillis() {
        return probe.lagMillis(BenchStack.PARALLELISM);
    }

    @Override
    public void resetLag() {
        probe.resetLag();
    }
}
