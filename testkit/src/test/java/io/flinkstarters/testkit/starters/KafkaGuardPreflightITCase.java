package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Problem;
import io.flinkstarters.kafka.GuardKeys;
import io.flinkstarters.kafka.KafkaExactlyOnceGuard;
import io.flinkstarters.kafka.KafkaTransactions;
import io.flinkstarters.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Kafka exactly-once guard's preflight against a real Kafka 4.2 broker (transaction.max.timeout.ms
 * 15m, transactions v2): what passes, and each problem named by the key to fix.
 */
class KafkaGuardPreflightITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private static final GuardKeys KEYS = GuardKeys.starters("the job", "job.prefix", "job.timeout", "job.servers");

    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start();
        kafka.createTopic("guard-in", 1);
        kafka.createTopic("guard-out", 1);
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    private static KafkaTransactions checked(Duration checkpointTimeout, Properties producer) {
        Configuration configuration = new Configuration();
        configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofSeconds(60));
        configuration.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, checkpointTimeout);
        return KafkaExactlyOnceGuard.check(
                StreamExecutionEnvironment.getExecutionEnvironment(configuration), "guard", producer);
    }

    private static InvalidConfigurationException rejected(KafkaTransactions transactions, Map<String, String> topics) {
        InvalidConfigurationException e = catchThrowableOfType(
                InvalidConfigurationException.class,
                () -> KafkaExactlyOnceGuard.preflight(transactions, kafka.bootstrapServers(), topics, TIMEOUT));
        assertThat(e).as("the preflight must reject this").isNotNull();
        return e;
    }

    @Test
    void aDerivedTimeoutWithinTheBrokersLimitAndExistingTopicsPass() {
        KafkaTransactions transactions = checked(Duration.ofMinutes(10), new Properties());

        KafkaExactlyOnceGuard.preflight(
                transactions,
                kafka.bootstrapServers(),
                Map.of("input-topic", "guard-in", "output-topic", "guard-out"),
                TIMEOUT);

        assertThat(transactions.transactionTimeout())
                .as("max(60s, 10m) + 10m + 50s + 1m = 21m50s, cut to a broker's default maximum")
                .isEqualTo(Duration.ofMinutes(15))
                .isLessThanOrEqualTo(kafka.transactionMaxTimeout());
    }

    @Test
    void aMissingTopicIsNamedByTheNameTheJobGaveIt() {
        InvalidConfigurationException e =
                rejected(checked(Duration.ofMinutes(10), new Properties()), Map.of("output-topic", "no-such-topic"));

        assertThat(e.problems())
                .singleElement()
                .hasToString("output-topic = no-such-topic (the Kafka sink): the topic does not exist on the Kafka"
                        + " cluster at " + kafka.bootstrapServers() + ": create it before the job starts");
    }

    @Test
    void aGivenTimeoutAboveTheBrokersLimitIsAProblem() {
        Properties producer = new Properties();
        producer.setProperty(
                "transaction.timeout.ms", String.valueOf(Duration.ofMinutes(20).toMillis()));

        InvalidConfigurationException e = rejected(checked(Duration.ofMinutes(10), producer), Map.of());

        assertThat(e.problems())
                .singleElement()
                .hasToString("transaction.timeout.ms = 1200000 (the Kafka sink): must not exceed the broker's"
                        + " transaction.max.timeout.ms (900000 ms = 15m): the sinks' producers would fail in"
                        + " initTransactions; lower it or raise the broker's limit");
    }

    @Test
    void aDerivedTimeoutAboveTheBrokersLimitSaysWhereItCameFrom() {
        KafkaTransactions transactions = checked(Duration.ofMinutes(20), new Properties());

        assertThat(transactions.transactionTimeout())
                .as("a 21m cycle does not fit 15m: the full bound, max(60s, 20m) + 20m + 50s + 1m, rounded up")
                .isEqualTo(Duration.ofMinutes(42));
        assertThat(rejected(transactions, Map.of()).problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("the one derived from the checkpoint and restart settings (execution.checkpointing.interval,"
                        + " execution.checkpointing.timeout, ...) is 42m");
    }

    @Test
    void poolingAgainstAKafka4BrokerIsWarnedAboutAndIncrementingIsNot() {
        assertThat(warnings(TransactionNamingStrategy.POOLING)).singleElement().satisfies(warning -> {
            assertThat(warning.key()).isEqualTo("job.prefix");
            assertThat(warning.message())
                    .contains("TransactionNamingStrategy.POOLING against a broker with transaction.version = 2")
                    .contains("FLINK-40689");
        });
        assertThat(warnings(TransactionNamingStrategy.INCREMENTING)).isEmpty();
    }

    private static List<Problem> warnings(TransactionNamingStrategy naming) {
        ConfigReader reader = new ConfigReader(ConfigFactory.empty());
        KafkaExactlyOnceGuard.preflight(
                reader,
                KEYS,
                new KafkaTransactions("guard", Duration.ofMinutes(5), naming, Map.of()),
                kafka.clientProperties(),
                Map.of("guard-out", "job.topic"),
                new PreflightSettings(true, TIMEOUT));
        assertThat(reader.problems()).isEmpty();
        return reader.warnings();
    }
}
