package io.flinkstarters.health;

import io.flinkstarters.config.Secret;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.kafka.clients.CommonClientConfigs;

/**
 * The validated {@code health.kafka} settings.
 *
 * @param transactionalIdPrefix prefix of both exactly-once sinks' transactional ids
 * @param transactionTimeout the sinks' {@code transaction.timeout.ms}
 * @param properties extra Kafka client properties (security and the like) for every client the job creates
 */
@PublicEvolving
public record KafkaSettings(
        String bootstrapServers,
        String groupId,
        String transactionalIdPrefix,
        Duration transactionTimeout,
        Map<String, String> properties) {

    public KafkaSettings {
        properties = Map.copyOf(properties);
    }

    /** The extra properties plus {@code bootstrap.servers}: what every Kafka client of the job starts from. */
    public Properties clientProperties() {
        Properties client = new Properties();
        client.putAll(properties);
        client.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return client;
    }

    /**
     * Like the record's own, but values of secret-looking properties (such as sasl.jaas.config) and
     * credentials in URIs are masked.
     */
    @Override
    public String toString() {
        Map<String, String> masked = new TreeMap<>();
        properties.forEach((key, value) -> masked.put(key, Secret.redact(key, value)));
        return "KafkaSettings[bootstrapServers=" + Secret.redact("bootstrap.servers", bootstrapServers) + ", groupId="
                + groupId
                + ", transactionalIdPrefix=" + transactionalIdPrefix + ", transactionTimeout=" + transactionTimeout
                + ", properties=" + masked + "]";
    }
}
