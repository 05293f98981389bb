package io.flinkstarters.testkit;

import com.typesafe.config.Config;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * What a job under the {@link ExactlyOnceContract} is given: where to read and write, the transaction
 * settings its exactly-once sink needs, the fault point to pass its stream through, and the
 * configuration it runs with.
 *
 * @param runName the run's unique name: topics are {@code <runName>-in}, {@code <runName>-out}, ...
 * @param transactionalIdPrefix unique per run (the contract checks no transaction of it is left open)
 * @param version 1 for the first deployment, 2 for the upgraded job started from a savepoint (a job
 *     may change stateless parts for version 2; stateful operators keep their uids)
 * @param parallelism the job's parallelism for this submission (the rescale test changes it)
 * @param configuration the configuration the job runs with (its own, with the test's wiring and
 *     overrides); in {@link ContractJob#wiring}, the job's own only
 */
@PublicEvolving
public record ContractContext(
        String runName,
        String bootstrapServers,
        String inputTopic,
        String outputTopic,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        OperatorFailure failure,
        int version,
        int parallelism,
        Config configuration) {

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

    /** The run's topic for one of {@link ContractJob#extraTopics()}: {@code <runName>-<suffix>}. */
    public String topic(String suffix) {
        return runName + "-" + suffix;
    }

    ContractContext withConfiguration(Config effective) {
        return new ContractContext(
                runName,
                bootstrapServers,
                inputTopic,
                outputTopic,
                transactionalIdPrefix,
                transactionTimeout,
                failure,
                version,
                parallelism,
                effective);
    }
}
