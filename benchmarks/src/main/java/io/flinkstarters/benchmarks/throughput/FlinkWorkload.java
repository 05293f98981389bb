package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.harness.BenchJob;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.JobSetup;
import io.flinkstarters.benchmarks.harness.OutputCheck;
import io.flinkstarters.benchmarks.harness.Probe;
import io.flinkstarters.benchmarks.harness.RunConfig;
import java.time.Duration;
import org.apache.flink.api.common.JobID;

/** The health job on the stack's MiniCluster, its reading counted by a {@link Probe} after the source. */
final class FlinkWorkload implements Workload {

    private final BenchStack stack;
    private final FilledTopic topic;
    private final String run;
    private final Probe probe;
    private final JobID job;

    private FlinkWorkload(BenchStack stack, FilledTopic topic, String run, Probe probe, JobID job) {
        this.stack = stack;
        this.topic = topic;
        this.run = run;
        this.probe = probe;
        this.job = job;
    }

    /**
     * @param extraHocon starter settings on top of the shipped ones (ignored by the hand-written reference)
     */
    static FlinkWorkload submit(BenchStack stack, FilledTopic topic, RunConfig config, String run, String extraHocon) {
        JobSetup setup = JobSetup.of(
                config, run, topic.name(), stack.kafka().bootstrapServers(), stack.objectStore(), extraHocon);
        Probe probe = new Probe();
        JobID job = BenchJob.submit(stack, setup, config.guarantee(), probe::applyTo);
        return new FlinkWorkload(stack, topic, run, probe, job);
    }

    @Override
    public long recordsRead() {
        return probe.records();
    }

    @Override
    public long commits() {
        return stack.cluster().checkpointStats(job).completed();
    }

    @Override
    public long failedCommits() {
        return stack.cluster().checkpointStats(job).failed();
    }

    @Override
    public OutputCheck.Outcome awaitOutput(Duration timeout) {
        return OutputCheck.await(stack.kafka(), topic, run, timeout);
    }

    @Override
    public void close() {
        stack.cluster().cancel(job);
    }
}
