package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.health.RawEvent;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A kind of fault the recovery benchmark strikes a running job with, repeatedly. A new kind is one small
 * class: what it inserts into the job (if anything), how it strikes and, if the strike took something
 * away, how the cluster gets it back.
 */
public interface Fault {

    /** Its row label in the results table. */
    String label();

    /** What it inserts after the source; by default nothing. */
    default UnaryOperator<DataStream<RawEvent>> hook() {
        return UnaryOperator.identity();
    }

    /**
     * Strikes; may return before or after the job notices. The benchmark takes the time just before the
     * call as the moment of the fault.
     *
     * @param repetition 0 for the first strike on this job, then 1, 2, ...
     */
    void strike(BenchStack stack, JobID job, int repetition);

    /** After the recovery is measured: puts back what the strike took away (a replacement TaskManager); by default nothing. */
    default void restore() {}
}
