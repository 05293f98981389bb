package io.flinkstarters.testkit;

import java.util.List;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A Kafka-to-Kafka job as the exactly-once contract sees it: how to build it, how to feed it and how
 * to read what it committed.
 *
 * @param <K> the identity of a record the output must hold exactly once (an event id, an aggregate key, ...)
 */
@PublicEvolving
public interface ContractJob<K> {

    /** Adds the job to {@code env}: read {@code context.inputTopic()}, write {@code context.outputTopic()} exactly once. */
    void buildJob(StreamExecutionEnvironment env, ContractContext context);

    /** Produces input records numbered {@code [from, to)}; returns the identities the output must then hold exactly once. */
    List<K> produceInput(KafkaBroker kafka, String topic, int from, int to);

    /** The identities of committed output records. */
    List<K> outputKeys(List<ConsumerRecord<byte[], byte[]>> committed);

    /** Records per phase (one phase before the fault, one after). */
    default int recordsPerPhase() {
        return 400;
    }

    /** Extra HOCON applied over the contract's starter settings (the job's own keys, or starter tuning). */
    default String applicationConfig() {
        return "";
    }

    /**
     * The job's default parallelism in the contract (a local environment would otherwise take the
     * machine's core count, which the testkit's 4 slots may not have). At least the number of
     * TaskManagers (2), so a lost TaskManager always hits the job.
     */
    default int parallelism() {
        return 2;
    }

    /** Partitions of the input topic. */
    default int inputPartitions() {
        return 2;
    }
}
