package io.flinkstarters.health.internal;

import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.health.BrokerTransactionLimit;
import io.flinkstarters.health.KafkaSettings;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads {@code transaction.max.timeout.ms} from one broker with an Admin client, within
 * {@code health.kafka.startup-check-timeout}. Anything that keeps it from answering (broker down,
 * unresolvable address, no permission to describe configs) is logged as a warning and skips the
 * check: the job must not refuse to start because a pre-flight check could not run.
 */
public final class KafkaAdminTransactionLimit implements BrokerTransactionLimit {

    static final String BROKER_LIMIT = "transaction.max.timeout.ms";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaAdminTransactionLimit.class);

    @Override
    public Optional<Duration> maxTransactionTimeout(KafkaSettings kafka) {
        Duration timeout = kafka.startupCheckTimeout();
        if (timeout.isZero()) {
            LOG.info("Skipping the check of {} (health.kafka.startup-check-timeout = 0s)", BROKER_LIMIT);
            return Optional.empty();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        Admin admin;
        try {
            admin = Admin.create(adminProperties(kafka, timeout));
        } catch (KafkaException e) {
            return skipped(kafka, e);
        }
        try {
            Collection<Node> nodes = admin.describeCluster().nodes().get(remainingMillis(deadline), TimeUnit.MILLISECONDS);
            if (nodes.isEmpty()) {
                return skipped(kafka, new IllegalStateException("the cluster reported no brokers"));
            }
            ConfigResource broker = new ConfigResource(ConfigResource.Type.BROKER, nodes.iterator().next().idString());
            Config config = admin.describeConfigs(List.of(broker)).all().get(remainingMillis(deadline), TimeUnit.MILLISECONDS).get(broker);
            ConfigEntry limit = config == null ? null : config.get(BROKER_LIMIT);
            if (limit == null || limit.value() == null) {
                return skipped(kafka, new IllegalStateException("the broker did not report " + BROKER_LIMIT));
            }
            return Optional.of(Duration.ofMillis(Long.parseLong(limit.value())));
        } catch (TimeoutException | ExecutionException | KafkaException | NumberFormatException e) {
            return skipped(kafka, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return skipped(kafka, e);
        } finally {
            // Pending requests to an unreachable broker are abandoned, not awaited.
            admin.close(Duration.ZERO);
        }
    }

    private static Properties adminProperties(KafkaSettings kafka, Duration timeout) {
        Properties properties = kafka.clientProperties();
        String millis = String.valueOf(Math.max(1, timeout.toMillis()));
        properties.setProperty(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, millis);
        properties.setProperty(CommonClientConfigs.CLIENT_ID_CONFIG, "health-consumer-startup-check");
        return properties;
    }

    private static long remainingMillis(long deadline) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static Optional<Duration> skipped(KafkaSettings kafka, Exception cause) {
        Throwable reason = cause instanceof ExecutionException && cause.getCause() != null ? cause.getCause() : cause;
        LOG.warn("Could not read {} from Kafka at {} within {} ({}: {}); health.kafka.transaction-timeout = {} is not checked"
                        + " against the broker. If it is above the broker's limit, the sinks fail when they start.",
                BROKER_LIMIT, kafka.bootstrapServers(), DurationFormat.of(kafka.startupCheckTimeout()),
                reason.getClass().getSimpleName(), reason.getMessage() == null ? "no answer" : reason.getMessage(),
                DurationFormat.of(kafka.transactionTimeout()));
        return Optional.empty();
    }
}
