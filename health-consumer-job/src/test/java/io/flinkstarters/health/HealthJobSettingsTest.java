package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.health.avro.MetricType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HealthJobSettingsTest {

    @TempDir
    Path dir;

    private HealthJobSettings load(String hocon) {
        return HealthJobSettings.from(TestConfigs.load(dir, hocon));
    }

    private HealthJobSettings load(String hocon, Map<String, String> environment) {
        return HealthJobSettings.from(TestConfigs.load(dir, hocon, environment));
    }

    /** The origin of a value in the test's application.conf: its path and line. */
    private String at(int line) {
        return dir.resolve("application.conf") + ":" + line;
    }

    private InvalidConfigurationException problems(String hocon) {
        return (InvalidConfigurationException) catchThrowable(() -> load(hocon));
    }

    @Test
    void defaultsAreTheReferenceConf() {
        HealthJobSettings settings = HealthJobSettings.from(ConfigFactory.empty());

        assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.kafka().groupId()).isEqualTo("health-consumer");
        assertThat(settings.kafka().transactionalIdPrefix()).isEqualTo("health-consumer");
        assertThat(settings.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.kafka().properties()).isEmpty();
        assertThat(settings.topics())
                .isEqualTo(new TopicSettings("health-events", "health-aggregates", "health-dead-letters"));
        assertThat(settings.window())
                .isEqualTo(new WindowSettings(
                        Duration.ofMinutes(1), Duration.ofMinutes(1), Duration.ofSeconds(10), Duration.ofMinutes(1)));
        assertThat(settings.dedupTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.parallelism()).isEmpty();
        assertThat(settings.maxParallelism()).isEqualTo(128);
        assertThat(settings.validation().maxFutureSkew()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.validation().metrics()).containsOnlyKeys(MetricType.values());
        assertThat(settings.validation().rule(MetricType.HEART_RATE)).isEqualTo(new MetricRule(25, 250, "bpm"));
        assertThat(settings.validation().rule(MetricType.SYSTOLIC_BP)).isEqualTo(new MetricRule(50, 260, "mmHg"));
    }

    @Test
    void applicationConfOverridesSingleKeys() {
        HealthJobSettings settings = load("""
                health {
                  topics.events = wearables
                  window { size = 5m, allowed-lateness = 0s, idleness = 0s }
                  parallelism = 4
                  validation.metrics.steps.max = 80000
                  kafka.properties { "security.protocol" = SASL_SSL, sasl.mechanism = SCRAM-SHA-512 }
                }
                """);

        assertThat(settings.topics().events()).isEqualTo("wearables");
        assertThat(settings.topics().aggregates()).isEqualTo("health-aggregates");
        assertThat(settings.window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.window().allowedLateness()).isZero();
        assertThat(settings.window().idleness()).isZero();
        assertThat(settings.parallelism()).contains(4);
        assertThat(settings.validation().rule(MetricType.STEPS)).isEqualTo(new MetricRule(0, 80000, "steps"));
        assertThat(settings.kafka().properties())
                .containsExactlyInAnyOrderEntriesOf(
                        Map.of("security.protocol", "SASL_SSL", "sasl.mechanism", "SCRAM-SHA-512"));
        assertThat(settings.kafka().clientProperties()).containsEntry("bootstrap.servers", "localhost:9092");
    }

    @Test
    void environmentVariablesOverrideTheFiles() {
        Config config = TestConfigs.load(
                dir,
                "health.kafka.bootstrap-servers = \"from-file:9092\"\n",
                Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9092,kafka-2:9092",
                        "HEALTH_WINDOW_SIZE_MS", "30000",
                        "KAFKA_TRANSACTION_TIMEOUT_MS", "720000",
                        "HEALTH_PARALLELISM", "3"));

        HealthJobSettings settings = HealthJobSettings.from(config);

        assertThat(settings.kafka().bootstrapServers()).isEqualTo("kafka-1:9092,kafka-2:9092");
        assertThat(settings.window().size()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(12));
        assertThat(settings.parallelism()).contains(3);
        assertThat(new ConfigReader(config).origin(HealthJobSettings.BOOTSTRAP_SERVERS))
                .isEqualTo("env KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void problemsNameKeyValueFileLineAndRule() {
        InvalidConfigurationException e = problems("""
                health {
                  window {
                    size = -1m
                  }
                }
                """);

        assertThat(e.problems())
                .singleElement()
                .asString()
                .startsWith("health.window.size = -1m (" + at(3) + "): must be a positive duration");
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidConfigurationException e = problems("""
                health.window.size = 0s
                health.window.out-of-orderness = -5s
                health.dedup.ttl = forever
                health.max-parallelism = 0
                health.validation.max-future-skew = -1s
                health.kafka.transaction-timeout = -1s
                """);

        assertThat(e.problems())
                .extracting(Problem::key)
                .containsExactlyInAnyOrder(
                        "health.window.size",
                        "health.window.out-of-orderness",
                        "health.dedup.ttl",
                        "health.max-parallelism",
                        "health.validation.max-future-skew",
                        "health.kafka.transaction-timeout");
        assertThat(e).hasMessageStartingWith("Invalid Flink Starters configuration (6 problems):");
    }

    @Test
    void theTransactionalIdPrefixIsRequired() {
        assertThat(problems("health.kafka.transactional-id-prefix = null\n").problems())
                .singleElement()
                .asString()
                .isEqualTo("health.kafka.transactional-id-prefix = null (" + at(1)
                        + "): is required: exactly-once Kafka sinks need a"
                        + " transactional id prefix, unique per job on the Kafka cluster");
        assertThat(problems("health.kafka.transactional-id-prefix = \"  \"\n").problems())
                .singleElement()
                .asString()
                .contains("must be a non-empty string");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bootstrap-servers", "group-id"})
    void kafkaIdentitiesAreRequired(String key) {
        assertThat(problems("health.kafka." + key + " = null\n").problems())
                .extracting(Problem::key)
                .containsExactly("health.kafka." + key);
    }

    @Test
    void theTransactionTimeoutMustOutlastCheckpointIntervalPlusTimeout() {
        String checkpoints = "flink.checkpoint { interval = 60s, timeout = 10m }\n";

        assertThat(problems(checkpoints + "health.kafka.transaction-timeout = 11m\n")
                        .problems())
                .singleElement()
                .asString()
                .isEqualTo("health.kafka.transaction-timeout = 11m (" + at(2)
                        + "): must be longer than flink.checkpoint.interval"
                        + " + flink.checkpoint.timeout (60s + 10m = 11m): a transaction stays open until the next checkpoint"
                        + " completes, and if the broker times it out first, that checkpoint's output is lost");
        assertThat(load(checkpoints + "health.kafka.transaction-timeout = 660001ms\n")
                        .kafka()
                        .transactionTimeout())
                .isEqualTo(Duration.ofMillis(660_001));
    }

    @Test
    void theTransactionTimeoutRuleSeesCheckpointSettingsFromTheEnvironment() {
        InvalidConfigurationException e = (InvalidConfigurationException) catchThrowable(() -> load(
                "health.kafka.transaction-timeout = 5m\n",
                Map.of("FLINK_CHECKPOINT_INTERVAL_MS", "120000", "FLINK_CHECKPOINT_TIMEOUT_MS", "180000")));

        assertThat(e.problems()).singleElement().asString().contains("(120000 + 180000 = 5m)");
        assertThat(load(
                                "health.kafka.transaction-timeout = 6m\n",
                                Map.of(
                                        "FLINK_CHECKPOINT_INTERVAL_MS",
                                        "120000",
                                        "FLINK_CHECKPOINT_TIMEOUT_MS",
                                        "180000"))
                        .kafka()
                        .transactionTimeout())
                .isEqualTo(Duration.ofMinutes(6));
    }

    @Test
    void anInvalidCheckpointIntervalIsLeftToTheStartersNotBlamedOnTheTransactionTimeout() {
        HealthJobSettings settings = load("flink.checkpoint.interval = -5s\nhealth.kafka.transaction-timeout = 1s\n");

        assertThat(settings.kafka().transactionTimeout()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void checkpointsMustBeOnAndExactlyOnce() {
        assertThat(problems("flink.checkpoint.enabled = false\n").problems())
                .singleElement()
                .asString()
                .startsWith(
                        "flink.checkpoint.enabled = false (" + at(1) + "): must be true for the health consumer job");
        assertThat(problems("flink.checkpoint.mode = at-least-once\n").problems())
                .singleElement()
                .asString()
                .startsWith("flink.checkpoint.mode = at-least-once (" + at(1)
                        + "): must be exactly-once for the health consumer job");
    }

    @Test
    void aRangeNeedsMinBelowMax() {
        assertThat(problems("health.validation.metrics.heart-rate { min = 200, max = 200 }\n")
                        .problems())
                .singleElement()
                .asString()
                .isEqualTo("health.validation.metrics.heart-rate.max = 200 (" + at(1) + "): must be greater than"
                        + " health.validation.metrics.heart-rate.min (200)");
    }

    @Test
    void rangeBoundsAreNonNegativeNumbers() {
        assertThat(problems("health.validation.metrics.steps.min = -1\nhealth.validation.metrics.steps.max = lots\n")
                        .problems())
                .extracting(Problem::key, Problem::message)
                .containsExactly(
                        tuple("health.validation.metrics.steps.min", "must be a number from 0.0 to 1000000.0"),
                        tuple("health.validation.metrics.steps.max", "must be a number from 0.0 to 1000000.0"));
    }

    @Test
    void everyMetricNeedsAUnit() {
        assertThat(problems("health.validation.metrics.blood-oxygen.unit = null\n")
                        .problems())
                .singleElement()
                .asString()
                .contains("health.validation.metrics.blood-oxygen.unit = null (" + at(1) + "): is required");
    }

    @Test
    void topicsMustDiffer() {
        assertThat(problems("health.topics { events = health, aggregates = health, dead-letters = health }\n")
                        .problems())
                .extracting(Problem::key, Problem::message)
                .containsExactly(
                        tuple(
                                "health.topics.aggregates",
                                "must differ from health.topics.events (health): each topic holds one kind of record"),
                        tuple(
                                "health.topics.dead-letters",
                                "must differ from health.topics.events (health): each topic holds one kind of record"),
                        tuple(
                                "health.topics.dead-letters",
                                "must differ from health.topics.aggregates (health): each topic holds one kind of record"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {"kafka", "kafka:", "kafka:99999", "kafka:9092,", "kafka:9092;other:9092", "http://kafka:9092"})
    void bootstrapServersMustBeHostAndPortPairs(String servers) {
        assertThat(problems("health.kafka.bootstrap-servers = \"" + servers + "\"\n")
                        .problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("must be a comma-separated list of host:port");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"kafka:9092", "kafka-1:9092, kafka-2:9093", "10.0.0.7:9092", "[::1]:9092"})
    void bootstrapServersAcceptHostnamesAddressesAndLists(String servers) {
        assertThat(load("health.kafka.bootstrap-servers = \"" + servers + "\"\n")
                        .kafka()
                        .bootstrapServers())
                .isEqualTo(servers);
    }

    @Test
    void clientPropertiesCannotOverrideWhatTheJobSets() {
        assertThat(problems("health.kafka.properties { \"transaction.timeout.ms\" = 1000, group.id = other }\n")
                        .problems())
                .extracting(Problem::key)
                .containsExactlyInAnyOrder(
                        "health.kafka.properties.\"transaction.timeout.ms\"", "health.kafka.properties.group.id");
    }

    @Test
    void secretClientPropertiesAreNeverPrinted() {
        String jaas =
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\" password=\"hunter2\";";
        Config config = TestConfigs.load(
                dir, "health.kafka.properties { \"sasl.jaas.config\" = \"" + jaas.replace("\"", "\\\"") + "\" }\n");

        HealthJobSettings settings = HealthJobSettings.from(config);

        assertThat(settings.kafka().properties()).containsEntry("sasl.jaas.config", jaas);
        assertThat(settings.toString()).doesNotContain("hunter2").contains("sasl.jaas.config=******");
        assertThat(new ConfigReader(config).describeAll("health")).noneMatch(line -> line.contains("hunter2"));
    }

    @Test
    void parallelismIsPositiveAndWithinMaxParallelism() {
        assertThat(problems("health.parallelism = 0\n").problems())
                .extracting(Problem::message)
                .containsExactly("must be a whole number of at least 1");
        assertThat(problems("health { parallelism = 16, max-parallelism = 8 }\n")
                        .problems())
                .singleElement()
                .asString()
                .isEqualTo("health.parallelism = 16 (" + at(1) + "): must not exceed health.max-parallelism (8)");
        assertThat(problems("health.max-parallelism = 40000\n").problems())
                .extracting(Problem::message)
                .containsExactly("must be a whole number from 1 to 32768");
    }

    @Test
    void unknownKeysGetADidYouMean() {
        assertThat(problems("health.window.sise = 5m\n").problems())
                .singleElement()
                .asString()
                .isEqualTo("health.window.sise (" + at(1) + "): is not a known key; did you mean health.window.size?");
    }

    @Test
    void aDedupTtlShorterThanAWindowIsAWarningNotAnError() {
        Config config = TestConfigs.load(dir, "health.dedup.ttl = 90s\n")
                .withFallback(ConfigFactory.defaultReference())
                .resolve();
        ConfigReader reader = new ConfigReader(config);

        HealthJobSettings settings = HealthJobSettings.read(reader, CheckpointSettings.read(reader));

        assertThat(settings.dedupTtl()).isEqualTo(Duration.ofSeconds(90));
        assertThat(reader.warnings())
                .filteredOn(warning -> "health.dedup.ttl".equals(warning.key()))
                .singleElement()
                .asString()
                .startsWith("health.dedup.ttl = 90s (" + at(1)
                        + "): is shorter than health.window.size + health.window.allowed-lateness (2m)");
        assertThatThrownBy(() -> reader.throwIfInvalid())
                .isInstanceOf(InvalidConfigurationException.class)
                .as("only the starters' missing storage dir")
                .hasMessageContaining("flink.checkpoint.storage.dir");
    }
}
