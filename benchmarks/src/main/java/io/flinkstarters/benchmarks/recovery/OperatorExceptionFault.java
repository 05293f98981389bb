package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.health.RawEvent;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.datastream.DataStream;

/** An exception thrown by the job's own code (right after the source) on the next record. */
final class OperatorExceptionFault implements Fault {

    private final FailSwitch failSwitch = new FailSwitch();

    @Override
    public String label() {
        return "operator exception";
    }

    @Override
    public UnaryOperator<DataStream<RawEvent>> hook() {
        return failSwitch::applyTo;
    }

    @Override
    public void strike(BenchStack stack, JobID job, int repetition) {
        failSwitch.arm();
    }
}
