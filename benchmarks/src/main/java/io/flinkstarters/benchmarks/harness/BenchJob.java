package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.health.HealthConsumerJob;
import io.flinkstarters.health.RawEvent;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The health consumer job exactly as {@link HealthConsumerJob#build} wires it, with the sinks' delivery
 * guarantee chosen per run, on the benchmark's cluster. A hook after the source takes the {@link Probe}
 * and, for the recovery benchmark, a fault.
 */
public final class BenchJob {

    private BenchJob() {}

    public static JobID submit(BenchStack stack, JobSetup setup, DeliveryGuarantee guarantee, UnaryOperator<DataStream<RawEvent>> rawHook) {
        String aggregates = setup.health().topics().aggregates();
        String deadLetters = setup.health().topics().deadLetters();
        stack.kafka().createTopic(aggregates, BenchStack.PARALLELISM);
        stack.kafka().createTopic(deadLetters, BenchStack.PARALLELISM);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(setup.starters().toConfiguration());
        HealthConsumerJob.build(env, setup.health(), guarantee, rawHook);
        return stack.cluster().submit(env);
    }
}
