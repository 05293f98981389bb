package io.flinkstarters.testkit;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What a job under the {@link ExactlyOnceContract} is given: where to read and write, the transaction
 * settings its exactly-once sink needs, and the fault point to pass its stream through.
 *
 * @param version 1 for the first deployment, 2 for the upgraded job started from a savepoint (a job
 *     may change stateless parts for version 2; stateful operators keep their uids)
 */
@PublicEvolving
public record ContractContext(
        String bootstrapServers,
        String inputTopic,
        String outputTopic,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        OperatorFailure failure,
        int version) {

    /** Inserts the test's failure point (or a pass-through) into the stream; call it once, on a stream of the job's data. */
    public <T> DataStream<T> faultPoint(DataStream<T> stream) {
        return failure.applyTo(stream);
    }

    /** Producer properties for an exactly-once {@code KafkaSink}: the transaction timeout the broker accepts. */
    public Properties sinkProperties() {
        Properties properties = new Properties();
        properties.setProperty("transaction.timeout.ms", String.valueOf(transactionTimeout.toMillis()));
        return properties;
    }
}
