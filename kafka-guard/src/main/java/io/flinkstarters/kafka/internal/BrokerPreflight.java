package io.flinkstarters.kafka.internal;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.kafka.GuardKeys;
import io.flinkstarters.kafka.KafkaTransactions;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.FinalizedVersionRange;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * An exactly-once job's checks against its Kafka cluster before it is built, with one Admin client
 * within the preflight timeout: a broker answers, the job's topics exist (a missing one would otherwise
 * show as a source that reads nothing or a sink failing minutes later), the transaction timeout is
 * within the broker's {@code transaction.max.timeout.ms} (else {@code initTransactions} fails once the
 * job runs), and the naming strategy suits the broker's transaction protocol. Each failure is recorded
 * against the key to fix.
 */
@Internal
public final class BrokerPreflight {

    public static final String BROKER_LIMIT = "transaction.max.timeout.ms";

    /** The broker feature that says which transaction protocol the cluster runs; 2 is Kafka 4's (KIP-890). */
    static final String TRANSACTION_VERSION = "transaction.version";

    private final ConfigReader reader;
    private final GuardKeys keys;
    private final Properties clientProperties;
    private final Duration timeout;
    private final long deadline;

    private BrokerPreflight(ConfigReader reader, GuardKeys keys, Properties clientProperties, Duration timeout) {
        this.reader = reader;
        this.keys = keys;
        this.clientProperties = clientProperties;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    /**
     * Runs the checks.
     *
     * @param clientProperties what the job's Kafka clients start from, bootstrap servers included
     * @param topicKeys every topic the job reads or writes, with the key that names it
     */
    public static void check(
            ConfigReader reader,
            GuardKeys keys,
            KafkaTransactions transactions,
            Properties clientProperties,
            Map<String, String> topicKeys,
            Duration timeout) {
        new BrokerPreflight(reader, keys, clientProperties, timeout).run(transactions, topicKeys);
    }

    private void run(KafkaTransactions transactions, Map<String, String> topicKeys) {
        Admin admin;
        try {
            admin = Admin.create(adminProperties());
        } catch (KafkaException e) {
            reader.reject(
                    keys.bootstrapServers(),
                    "cannot create a Kafka client: " + describe(e) + " " + PreflightSettings.HOW_TO_SKIP);
            return;
        }
        try {
            Collection<Node> brokers = brokers(admin);
            if (brokers != null) {
                topicsExist(admin, topicKeys);
                transactionTimeoutWithinLimit(admin, brokers.iterator().next(), transactions.transactionTimeout());
                namingStrategySuitsTheBroker(admin, transactions.namingStrategy());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.reject(keys.bootstrapServers(), "was not checked: interrupted");
        } finally {
            // Pending requests to an unreachable broker are abandoned, not awaited.
            admin.close(Duration.ZERO);
        }
    }

    /** The cluster's brokers, or null (and a problem) when none answers. */
    private Collection<Node> brokers(Admin admin) throws InterruptedException {
        try {
            Collection<Node> nodes = await(admin.describeCluster().nodes());
            if (!nodes.isEmpty()) {
                return nodes;
            }
            reader.reject(
                    keys.bootstrapServers(), "the Kafka cluster reported no brokers " + PreflightSettings.HOW_TO_SKIP);
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            reader.reject(
                    keys.bootstrapServers(),
                    "no Kafka broker answered within " + PreflightSettings.TIMEOUT + " = " + DurationFormat.of(timeout)
                            + " (" + describe(e) + ") " + PreflightSettings.HOW_TO_SKIP);
        }
        return null;
    }

    private void topicsExist(Admin admin, Map<String, String> topicKeys) throws InterruptedException {
        if (topicKeys.isEmpty()) {
            return;
        }
        Map<String, ? extends Future<?>> descriptions =
                admin.describeTopics(topicKeys.keySet()).topicNameValues();
        for (Map.Entry<String, String> topic : topicKeys.entrySet()) {
            try {
                await(descriptions.get(topic.getKey()));
            } catch (ExecutionException e) {
                reader.reject(
                        topic.getValue(),
                        e.getCause() instanceof UnknownTopicOrPartitionException
                                ? "the topic does not exist on the Kafka cluster at "
                                        + clientProperties.getProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG)
                                        + ": create it before the job starts"
                                : "the topic could not be described (" + describe(e) + ") "
                                        + PreflightSettings.HOW_TO_SKIP);
            } catch (TimeoutException | KafkaException e) {
                reader.reject(
                        topic.getValue(),
                        "the topic could not be described in time (" + describe(e) + ") "
                                + PreflightSettings.HOW_TO_SKIP);
            }
        }
    }

    private void transactionTimeoutWithinLimit(Admin admin, Node broker, Duration transactionTimeout)
            throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        ConfigEntry limit;
        try {
            Config config =
                    await(admin.describeConfigs(List.of(resource)).all()).get(resource);
            limit = config == null ? null : config.get(BROKER_LIMIT);
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            reader.warn(
                    keys.transactionTimeout(),
                    "could not be checked against the broker's " + BROKER_LIMIT + " (" + describe(e)
                            + "); if it is above, the sinks fail when they start");
            return;
        }
        if (limit == null || limit.value() == null) {
            reader.warn(keys.transactionTimeout(), "could not be checked: the broker did not report " + BROKER_LIMIT);
            return;
        }
        Duration max = Duration.ofMillis(Long.parseLong(limit.value()));
        if (transactionTimeout.compareTo(max) > 0) {
            String fix = reader.isNull(keys.transactionTimeout())
                    ? "; it is not set, and the one derived from the checkpoint and restart settings ("
                            + keys.checkpointInterval() + ", " + keys.checkpointTimeout() + ", ...) is "
                            + DurationFormat.of(transactionTimeout)
                            + ": set it, shorten the checkpoint timeout or raise the broker's limit"
                    : "; lower it or raise the broker's limit";
            reader.reject(
                    keys.transactionTimeout(),
                    "must not exceed the broker's " + BROKER_LIMIT + " (" + max.toMillis() + " ms = "
                            + DurationFormat.of(max) + "): the sinks' producers would fail in initTransactions"
                            + fix);
        }
    }

    /**
     * Kafka 4 brokers run transactions v2, which bump the producer epoch on every transaction; with
     * {@link TransactionNamingStrategy#POOLING} an open connector bug (FLINK-40689) breaks recovery once
     * the epoch rolls over. A warning: it depends on how long the job runs, and POOLING cannot be
     * switched back to INCREMENTING for an existing job.
     */
    private void namingStrategySuitsTheBroker(Admin admin, TransactionNamingStrategy naming)
            throws InterruptedException {
        if (naming != TransactionNamingStrategy.POOLING) {
            return;
        }
        short version;
        try {
            FinalizedVersionRange range = await(admin.describeFeatures().featureMetadata())
                    .finalizedFeatures()
                    .get(TRANSACTION_VERSION);
            version = range == null ? 0 : range.maxVersionLevel();
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            reader.warn(
                    keys.transactionalIdPrefix(),
                    "uses TransactionNamingStrategy.POOLING, and the broker's " + TRANSACTION_VERSION
                            + " could not be read (" + describe(e) + "): against a Kafka 4 broker (transactions v2)"
                            + " an open connector bug (FLINK-40689) breaks recovery once the producer epoch rolls over");
            return;
        }
        if (version >= 2) {
            reader.warn(
                    keys.transactionalIdPrefix(),
                    "uses TransactionNamingStrategy.POOLING against a broker with " + TRANSACTION_VERSION + " = "
                            + version + " (Kafka 4 transactions, the producer epoch is bumped on every transaction):"
                            + " an open connector bug (FLINK-40689) breaks recovery once the epoch rolls over;"
                            + " a new job should use INCREMENTING (the default)");
        }
    }

    private <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
    }

    private Properties adminProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        String millis = String.valueOf(Math.max(1, timeout.toMillis()));
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(CommonClientConfigs.CLIENT_ID_CONFIG, "flink-starters-preflight");
        return properties;
    }

    /** The root cause's class and message: Kafka wraps everything in ExecutionException. */
    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": "
                + (cause.getMessage() == null ? "no answer" : cause.getMessage());
    }
}
