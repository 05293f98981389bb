package io.flinkstarters.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import java.time.Duration;
import java.util.Properties;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** The guard for a sink configured in code, against the checkpointing of a real execution environment. */
class KafkaExactlyOnceGuardTest {

    private static StreamExecutionEnvironment env(Duration interval, Duration timeout) {
        Configuration configuration = new Configuration();
        if (interval != null) {
            configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        }
        configuration.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, timeout);
        return StreamExecutionEnvironment.getExecutionEnvironment(configuration);
    }

    private static Properties producer(String... keyValues) {
        Properties properties = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            properties.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return properties;
    }

    @Test
    void withoutATimeoutOneIsDerivedFromTheBoundButStaysWithinABrokersDefaultMaximum() {
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(
                env(Duration.ofSeconds(60), Duration.ofMinutes(10)), "page-views", producer("acks", "all"));

        assertThat(transactions.transactionTimeout())
                .as("max(60s, 10m + 0s) + 10m + Flink's failover (50s heartbeat + 1m max backoff) = 21m50s, capped")
                .isEqualTo(Duration.ofMinutes(15));
        assertThat(transactions.kafkaProducerConfig())
                .containsEntry("transaction.timeout.ms", "900000")
                .containsEntry("max.block.ms", "30000")
                .containsEntry("acks", "all");
    }

    @Test
    void aDerivedTimeoutIsRoundedUpToAWholeMinute() {
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(
                env(Duration.ofMillis(500), Duration.ofSeconds(10)), "page-views", producer());

        assertThat(transactions.transactionTimeout())
                .as("max(500ms, 10s + 0s) + 10s + 50s heartbeat + 1m max backoff = 2m10s")
                .isEqualTo(Duration.ofMinutes(3));
    }

    @Test
    void aGivenTimeoutAndMaxBlockAreKept() {
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(
                env(Duration.ofSeconds(60), Duration.ofMinutes(10)),
                "page-views",
                producer("transaction.timeout.ms", "900000", "max.block.ms", "5000"));

        assertThat(transactions.kafkaProducerConfig())
                .containsEntry("transaction.timeout.ms", "900000")
                .containsEntry("max.block.ms", "5000");
    }

    @Test
    void aTimeoutWithinOneCheckpointCycleIsRejectedNamingTheKeysAndValues() {
        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> KafkaExactlyOnceGuard.check(
                        env(Duration.ofSeconds(60), Duration.ofMinutes(10)),
                        "page-views",
                        producer("transaction.timeout.ms", "300000")));

        assertThat(e.problems())
                .singleElement()
                .hasToString("transaction.timeout.ms = 300000 (the sink's producer properties): must be longer than"
                        + " execution.checkpointing.interval + execution.checkpointing.timeout (1m + 10m = 11m):"
                        + " a transaction stays open until the next checkpoint completes, and if the broker times it"
                        + " out first, that checkpoint's output is lost");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, CheckpointingMode.AT_LEAST_ONCE);
        StreamExecutionEnvironment noCheckpoints = StreamExecutionEnvironment.getExecutionEnvironment(configuration);

        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> KafkaExactlyOnceGuard.check(noCheckpoints, " ", producer("transaction.timeout.ms", "soon")));

        assertThat(e.problems())
                .extracting(Problem::toString)
                .containsExactly(
                        "execution.checkpointing.interval = (missing) (not set): must be set for an exactly-once Kafka"
                                + " sink: its exactly-once Kafka sinks commit only when a checkpoint completes, so"
                                + " without checkpoints no output would ever be visible",
                        "execution.checkpointing.mode = AT_LEAST_ONCE (the job's checkpoint configuration): must be"
                                + " exactly-once for an exactly-once Kafka sink: with at-least-once checkpoints a"
                                + " restart replays records into committed transactions, and the output would hold"
                                + " them twice",
                        "transactionalIdPrefix = (missing) (not set): is required: exactly-once Kafka sinks need a"
                                + " transactional id prefix, unique per sink on the Kafka cluster and stable across"
                                + " restarts",
                        "transaction.timeout.ms = soon (the sink's producer properties): must be a positive duration,"
                                + " in whole milliseconds (e.g. 500ms, 60s, 10m; a plain number means milliseconds)");
    }

    @Test
    void theBuilderIsSetUpForExactlyOnceAndASecondSinkGetsItsOwnPrefix() {
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(
                env(Duration.ofSeconds(1), Duration.ofSeconds(10)),
                "orders",
                producer("bootstrap.servers", "kafka:9092"),
                TransactionNamingStrategy.POOLING);

        KafkaSink<String> sink = transactions
                .<String>builder()
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic("orders")
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build();

        assertThat(sink).isNotNull();
        assertThat(transactions.withPrefixSuffix("-audit").transactionalIdPrefix())
                .isEqualTo("orders-audit");
        assertThat(transactions.namingStrategy()).isEqualTo(TransactionNamingStrategy.POOLING);
    }

    @Test
    void secretPropertiesAreMaskedWhenPrinted() {
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(
                env(Duration.ofSeconds(1), Duration.ofSeconds(10)),
                "orders",
                producer("sasl.jaas.config", "user=\"u\" password=\"hunter2\""));

        assertThat(transactions.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=******");
    }
}
