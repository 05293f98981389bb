package io.flinkstarters.health.internal;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.KafkaSettings;
import io.flinkstarters.health.TopicSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The job's checks against its Kafka cluster before it is built, with one Admin client within the
 * preflight timeout: a broker answers, the three topics exist (a missing one would otherwise show as
 * a source that reads nothing or a sink failing minutes later), and the sinks' transaction timeout
 * is within the broker's {@code transaction.max.timeout.ms} (else {@code initTransactions} fails once
 * the job runs). Each failure is recorded against the key to fix.
 */
@Internal
public final class KafkaPreflight {

    static final String BROKER_LIMIT = "transaction.max.timeout.ms";

    private final ConfigReader reader;
    private final KafkaSettings kafka;
    private final Duration timeout;
    private final long deadline;

    private KafkaPreflight(ConfigReader reader, KafkaSettings kafka, Duration timeout) {
        this.reader = reader;
        this.kafka = kafka;
        this.timeout = timeout;
        this.deadline = System.nanoTime() + timeout.toNanos();
    }

    public static void check(ConfigReader reader, HealthJobSettings settings, PreflightSettings preflight) {
        new KafkaPreflight(reader, settings.kafka(), preflight.timeout()).run(settings.topics());
    }

    private void run(TopicSettings topics) {
        Admin admin;
        try {
            admin = Admin.create(adminProperties());
        } catch (KafkaException e) {
            reader.reject(
                    HealthJobSettings.BOOTSTRAP_SERVERS,
                    "cannot create a Kafka client: " + describe(e) + " " + PreflightSettings.HOW_TO_SKIP);
            return;
        }
        try {
            Collection<Node> brokers = brokers(admin);
            if (brokers != null) {
                topicsExist(admin, topics);
                transactionTimeoutWithinLimit(admin, brokers.iterator().next());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.reject(HealthJobSettings.BOOTSTRAP_SERVERS, "was not checked: interrupted");
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
                    HealthJobSettings.BOOTSTRAP_SERVERS,
                    "the Kafka cluster reported no brokers " + PreflightSettings.HOW_TO_SKIP);
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            reader.reject(
                    HealthJobSettings.BOOTSTRAP_SERVERS,
                    "no Kafka broker answered within " + PreflightSettings.TIMEOUT + " = " + DurationFormat.of(timeout)
                            + " (" + describe(e) + ") " + PreflightSettings.HOW_TO_SKIP);
        }
        return null;
    }

    private void topicsExist(Admin admin, TopicSettings topics) throws InterruptedException {
        Map<String, String> keyByTopic = new LinkedHashMap<>();
        keyByTopic.put(topics.events(), HealthJobSettings.EVENTS_TOPIC);
        keyByTopic.putIfAbsent(topics.aggregates(), HealthJobSettings.AGGREGATES_TOPIC);
        keyByTopic.putIfAbsent(topics.deadLetters(), HealthJobSettings.DEAD_LETTERS_TOPIC);
        Map<String, ? extends Future<?>> descriptions =
                admin.describeTopics(keyByTopic.keySet()).topicNameValues();
        for (Map.Entry<String, String> topic : keyByTopic.entrySet()) {
            try {
                await(descriptions.get(topic.getKey()));
            } catch (ExecutionException e) {
                reader.reject(
                        topic.getValue(),
                        e.getCause() instanceof UnknownTopicOrPartitionException
                                ? "the topic does not exist on the Kafka cluster at " + kafka.bootstrapServers()
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

    private void transactionTimeoutWithinLimit(Admin admin, Node broker) throws InterruptedException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.BROKER, broker.idString());
        ConfigEntry limit;
        try {
            Config config =
                    await(admin.describeConfigs(List.of(resource)).all()).get(resource);
            limit = config == null ? null : config.get(BROKER_LIMIT);
        } catch (TimeoutException | ExecutionException | KafkaException e) {
            reader.warn(
                    HealthJobSettings.TRANSACTION_TIMEOUT,
                    "could not be checked against the broker's " + BROKER_LIMIT + " (" + describe(e)
                            + "); if it is above, the sinks fail when they start");
            return;
        }
        if (limit == null || limit.value() == null) {
            reader.warn(
                    HealthJobSettings.TRANSACTION_TIMEOUT,
                    "could not be checked: the broker did not report " + BROKER_LIMIT);
            return;
        }
        Duration max = Duration.ofMillis(Long.parseLong(limit.value()));
        if (kafka.transactionTimeout().compareTo(max) > 0) {
            reader.reject(
                    HealthJobSettings.TRANSACTION_TIMEOUT,
                    "must not exceed the broker's " + BROKER_LIMIT + " (" + max.toMillis() + " ms = "
                            + DurationFormat.of(max)
                            + "): the sinks' producers would fail in initTransactions; lower it or raise the broker's limit");
        }
    }

    private <T> T await(Future<T> future) throws InterruptedException, ExecutionException, TimeoutException {
        return future.get(
                Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())), TimeUnit.MILLISECONDS);
    }

    private Properties adminProperties() {
        Properties properties = kafka.clientProperties();
        String millis = String.valueOf(Math.max(1, timeout.toMillis()));
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(CommonClientConfigs.CLIENT_ID_CONFIG, "health-consumer-preflight");
        return properties;
    }

    /** The root cause's class and message: Kafka wraps everything in ExecutionException. */
    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return cause.getClass().getSimpleName() + ": "
                + (cause.getMessage() == null ? "no answer" : cause.getMessage());
    }
}
