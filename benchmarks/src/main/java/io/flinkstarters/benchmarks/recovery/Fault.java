package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.health.RawEvent;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * A kind of fault the recovery benchmark strikes a running job with, repeatedly. A new kind is one small
 * class: what it inserts into the job (if anything) and how it strikes. The TaskManager process kill
 * (-9) of the process cluster is one to add once that cluster exists in the testkit.
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
}
