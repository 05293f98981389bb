package io.flinkstarters.kafka;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Setting;
import io.flinkstarters.kafka.internal.BrokerPreflight;
import io.flinkstarters.kafka.internal.FailoverOutage;
import io.flinkstarters.kafka.internal.TransactionRules;
import io.flinkstarters.recovery.RecoverySettings;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.streaming.api.environment.CheckpointConfig;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks an exactly-once {@code KafkaSink} before the job starts, for any job that writes to Kafka:
 *
 * <pre>{@code
 * KafkaTransactions transactions = KafkaExactlyOnceGuard.check(env, "page-views", producerProperties);
 * KafkaSink<String> sink = transactions.<String>builder()
 *         .setBootstrapServers(servers)
 *         .setRecordSerializer(serializer)
 *         .build();
 * }</pre>
 *
 * <p>Checkpoints must be on and exactly-once; the transactional id prefix is required; a given
 * {@code transaction.timeout.ms} must outlast a checkpoint cycle (interval + timeout) and is warned about
 * when it does not cover the longest a transaction can stay open plus one failover (the bound is
 * explained term by term, each with its key and value); one not given is derived from that bound
 * (rounded up to a minute, at most a broker's default maximum of 15 min, instead of the connector's
 * 1 h, which a broker refuses by default); {@code max.block.ms} is bounded
 * ({@link #DEFAULT_MAX_BLOCK}) so a broker outage during recovery fails an attempt instead of stalling it.
 * {@link #preflight} then asks the broker: reachable, topics there, the timeout within its
 * {@code transaction.max.timeout.ms}, and no {@code POOLING} naming against Kafka 4's transactions.
 * Every problem is collected into one {@link io.flinkstarters.config.InvalidConfigurationException}.
 */
@Experimental
public final class KafkaExactlyOnceGuard {

    /**
     * The producers' {@code max.block.ms} unless given (Kafka's default is 60 s): on recovery the sink
     * calls {@code initTransactions} for lingering transactions and commits pre-committed ones, each
     * blocking up to this long while the broker is away.
     */
    public static final Duration DEFAULT_MAX_BLOCK = Duration.ofSeconds(30);

    /** How {@link #check(StreamExecutionEnvironment, String, Properties)} names the transactional id prefix. */
    public static final String PREFIX_KEY = "transactionalIdPrefix";

    /** Problems of a sink configured in code name Flink's and Kafka's own keys. */
    static final GuardKeys CODE_KEYS = new GuardKeys(
            "an exactly-once Kafka sink",
            CheckpointingOptions.CHECKPOINTING_INTERVAL.key(),
            CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE.key(),
            CheckpointingOptions.CHECKPOINTING_INTERVAL.key(),
            CheckpointingOptions.CHECKPOINTING_TIMEOUT.key(),
            CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS.key(),
            PREFIX_KEY,
            ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
            CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG);

    private static final Logger LOG = LoggerFactory.getLogger(KafkaExactlyOnceGuard.class);

    private KafkaExactlyOnceGuard() {}

    /** {@link #check(StreamExecutionEnvironment, String, Properties, TransactionNamingStrategy)} with the connector's default naming. */
    public static KafkaTransactions check(
            StreamExecutionEnvironment env, String transactionalIdPrefix, Properties producerProperties) {
        return check(env, transactionalIdPrefix, producerProperties, TransactionNamingStrategy.DEFAULT);
    }

    /**
     * Checks a sink configured in code against the environment's checkpointing (set it up first, e.g.
     * with {@code FlinkStarters.environment()}); throws one exception listing every problem.
     *
     * @param producerProperties the sink's producer properties; {@code transaction.timeout.ms} and
     *     {@code max.block.ms} may be left out (see the class comment)
     */
    public static KafkaTransactions check(
            StreamExecutionEnvironment env,
            String transactionalIdPrefix,
            Properties producerProperties,
            TransactionNamingStrategy namingStrategy) {
        ConfigReader reader = new ConfigReader(codeConfiguration(env.getCheckpointConfig(), producerProperties));
        CheckpointConfig checkpoints = env.getCheckpointConfig();
        TransactionRules rules = new TransactionRules(
                reader,
                CODE_KEYS,
                checkpointing(checkpoints),
                Optional.of(FailoverOutage.of(
                        env.getConfiguration(), checkpoints.isCheckpointingEnabled(), ConfigOption::key)));
        rules.checkpointsCommitTransactions();
        rules.prefixGiven(Optional.ofNullable(transactionalIdPrefix));
        Optional<Duration> timeout = reader.isNull(CODE_KEYS.transactionTimeout())
                ? Optional.empty()
                : Optional.ofNullable(reader.positiveDuration(CODE_KEYS.transactionTimeout()));
        Duration transactionTimeout = rules.transactionTimeout(timeout);
        reader.throwIfInvalid();
        reader.warnings().forEach(warning -> LOG.warn("Kafka exactly-once sink: {}", warning));
        if (timeout.isEmpty()) {
            LOG.info(
                    "Kafka exactly-once sink {}: transaction.timeout.ms not set, using {}",
                    transactionalIdPrefix,
                    DurationFormat.of(transactionTimeout));
        }
        return new KafkaTransactions(
                transactionalIdPrefix, transactionTimeout, namingStrategy, strings(producerProperties));
    }

    /**
     * Checks a sink whose settings a job reads from its own HOCON section, recording problems in the
     * reader against the job's keys (so they are reported with the starters' and the job's own).
     *
     * @param transactionTimeout the configured timeout, or empty to derive one
     */
    public static KafkaTransactions read(
            ConfigReader reader,
            CheckpointSettings checkpoint,
            GuardKeys keys,
            String transactionalIdPrefix,
            Optional<Duration> transactionTimeout,
            Map<String, String> producerProperties,
            TransactionNamingStrategy namingStrategy) {
        TransactionRules rules = new TransactionRules(
                reader,
                keys,
                new TransactionRules.Checkpointing(
                        checkpoint.enabled(),
                        checkpoint.mode(),
                        checkpoint.interval(),
                        checkpoint.timeout(),
                        checkpoint.minPause()),
                failover(reader, checkpoint));
        rules.checkpointsCommitTransactions();
        Duration timeout = rules.transactionTimeout(transactionTimeout);
        return new KafkaTransactions(transactionalIdPrefix, timeout, namingStrategy, producerProperties);
    }

    /**
     * Asks the Kafka cluster, within the preflight timeout, whether the sink will work (see the class
     * comment); problems go to the reader against the job's keys.
     *
     * @param clientProperties what the job's Kafka clients start from, bootstrap servers included
     * @param topicKeys every topic the job reads or writes, with the key that names it
     */
    public static void preflight(
            ConfigReader reader,
            GuardKeys keys,
            KafkaTransactions transactions,
            Properties clientProperties,
            Map<String, String> topicKeys,
            PreflightSettings preflight) {
        BrokerPreflight.check(reader, keys, transactions, clientProperties, topicKeys, preflight.timeout());
    }

    /**
     * The preflight for a sink configured in code: throws one exception listing every problem.
     *
     * @param bootstrapServers the brokers the sink writes to
     * @param topics the job's topics, each under a name for the problem report (e.g. {@code output-topic})
     */
    public static void preflight(
            KafkaTransactions transactions, String bootstrapServers, Map<String, String> topics, Duration timeout) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put(CODE_KEYS.bootstrapServers(), bootstrapServers);
        // Only a timeout the user gave is theirs to lower; a derived one is named as such.
        Optional.ofNullable(transactions.producerProperties().get(CODE_KEYS.transactionTimeout()))
                .ifPresent(given -> values.put(CODE_KEYS.transactionTimeout(), given));
        values.put(CODE_KEYS.transactionalIdPrefix(), transactions.transactionalIdPrefix());
        values.putAll(topics);
        ConfigReader reader = new ConfigReader(ConfigFactory.parseMap(values, "the Kafka sink"));
        Properties client = transactions.kafkaProducerConfig();
        client.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Map<String, String> topicKeys = new LinkedHashMap<>();
        topics.forEach((name, topic) -> topicKeys.put(topic, name));
        BrokerPreflight.check(reader, CODE_KEYS, transactions, client, topicKeys, timeout);
        reader.throwIfInvalid();
        reader.warnings().forEach(warning -> LOG.warn("Kafka exactly-once sink: {}", warning));
    }

    /**
     * The failover of a job configured through the starters, named by their keys. The job's section is
     * read with the starters' reader, which already holds the recovery settings' problems: they are read
     * here once more, quietly, and used only when valid.
     */
    private static Optional<FailoverOutage> failover(ConfigReader reader, CheckpointSettings checkpoint) {
        List<Setting<?>> rows = List.of(
                RecoverySettings.HEARTBEAT_TIMEOUT,
                RecoverySettings.RESTART_TYPE,
                RecoverySettings.FIXED_DELAY_ATTEMPTS,
                RecoverySettings.FIXED_DELAY_DELAY,
                RecoverySettings.FAILURE_RATE_DELAY,
                RecoverySettings.EXPONENTIAL_MAX_BACKOFF);
        if (!reader.valid(rows.toArray(Setting<?>[]::new))) {
            return Optional.empty();
        }
        RecoverySettings recovery = RecoverySettings.read(new ConfigReader(reader.config()), checkpoint);
        Map<String, String> hoconKeys = new LinkedHashMap<>();
        rows.forEach(row -> hoconKeys.put(row.options().get(0).key(), row.key()));
        return Optional.of(FailoverOutage.of(
                recovery.toConfiguration(Optional.empty()),
                checkpoint.enabled(),
                option -> hoconKeys.getOrDefault(option.key(), option.key())));
    }

    private static TransactionRules.Checkpointing checkpointing(CheckpointConfig config) {
        return new TransactionRules.Checkpointing(
                config.isCheckpointingEnabled(),
                config.getCheckpointingConsistencyMode(),
                Duration.ofMillis(Math.max(0, config.getCheckpointInterval())),
                Duration.ofMillis(config.getCheckpointTimeout()),
                Duration.ofMillis(config.getMinPauseBetweenCheckpoints()));
    }

    /** The values the rules name, as a configuration with origins, so problems read like the starters'. */
    private static Config codeConfiguration(CheckpointConfig checkpoints, Properties producer) {
        Map<String, Object> checkpointValues = new LinkedHashMap<>();
        if (checkpoints.isCheckpointingEnabled()) {
            checkpointValues.put(
                    CODE_KEYS.checkpointInterval(),
                    DurationFormat.of(Duration.ofMillis(checkpoints.getCheckpointInterval())));
        }
        checkpointValues.put(
                CODE_KEYS.checkpointMode(),
                checkpoints.getCheckpointingConsistencyMode().name());
        checkpointValues.put(
                CODE_KEYS.checkpointTimeout(),
                DurationFormat.of(Duration.ofMillis(checkpoints.getCheckpointTimeout())));
        checkpointValues.put(
                CODE_KEYS.checkpointMinPause(),
                DurationFormat.of(Duration.ofMillis(checkpoints.getMinPauseBetweenCheckpoints())));
        Map<String, Object> producerValues = new LinkedHashMap<>();
        String timeout = producer.getProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (timeout != null) {
            producerValues.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, timeout.trim());
        }
        return ConfigFactory.parseMap(producerValues, "the sink's producer properties")
                .withFallback(ConfigFactory.parseMap(checkpointValues, "the job's checkpoint configuration"));
    }

    private static Map<String, String> strings(Properties properties) {
        Map<String, String> values = new LinkedHashMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }
}
