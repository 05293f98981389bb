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

    public static JobID submit(
            BenchStack stack,
            JobSetup setup,
            DeliveryGuarantee guarantee,
            UnaryOperator<DataStream<RawEvent>> rawHook) {
        createOutputTopics(stack, setup);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(setup.flink());
        HealthConsumerJob.build(env, setup.health(), guarantee, rawHook);
        if (!setup.objectReuse()) {
            env.getConfig().disableObjectReuse(); // the job turns it on; read when the job graph is built, below
        }
        return stack.cluster().submit(env);
    }

    /** The job's two output topics; they must exist before it starts (its own main checks that they do). */
    public static void createOutputTopics(BenchStack stack, JobSetup setup) {
        stack.kafka().createTopic(setup.health().topics().aggregates(), BenchStack.PARALLELISM);
        stack.kafka().createTopic(setup.health().topics().deadLetters(), BenchStack.PARALLELISM);
    }
}
