package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.harness.OutputCheck;
import java.time.Duration;

/**
 * What the throughput benchmark measures, a Flink job or a reference loop: it reads the whole pre-filled topic
 * once and commits its output; the benchmark watches how far it has read and how often it committed.
 */
interface Workload extends AutoCloseable {

    /** Records read from the input topic so far. */
    long recordsRead();

    /** Commits completed so far: checkpoints for a Flink job, transactions for the loop (0 without either). */
    long commits();

    /** Commits that failed so far. */
    long failedCommits();

    /** Once everything is read: waits (at most {@code timeout}) for the output the input calls for, and reports it. */
    OutputCheck.Outcome awaitOutput(Duration timeout);

    /** Stops it (a job is cancelled); never throws. */
    @Override
    void close();
}
