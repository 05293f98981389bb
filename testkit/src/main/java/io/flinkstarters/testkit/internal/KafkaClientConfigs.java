package io.flinkstarters.testkit.internal;

import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Client settings for the testkit's own producers, consumers and admin calls. Short reconnect backoffs
 * matter: after a broker restart the default 1 s back-off would add that much to every wait.
 */
@Internal
public final class KafkaClientConfigs {

    private KafkaClientConfigs() {}

    /** What any client needs to reach the broker. */
    public static Properties common(String bootstrapServers) {
        Properties p = new Properties();
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.setProperty(CommonClientConfigs.RECONNECT_BACKOFF_MS_CONFIG, "50");
        p.setProperty(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        return p;
    }

    /** An idempotent producer of raw bytes that waits for the broker's acknowledgement. */
    public static Properties idempotentProducer(String bootstrapServers) {
        Properties p = common(bootstrapServers);
        p.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        p.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        p.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return p;
    }

    /**
     * A group-less consumer of raw bytes that sees only committed transactions, as the reader of an
     * exactly-once sink must; it never creates the topic it reads.
     */
    public static Properties readCommittedConsumer(String bootstrapServers) {
        return consumer(bootstrapServers, "read_committed");
    }

    /** Like {@link #readCommittedConsumer}, but sees every record written, aborted transactions' too. */
    public static Properties readUncommittedConsumer(String bootstrapServers) {
        return consumer(bootstrapServers, "read_uncommitted");
    }

    private static Properties consumer(String bootstrapServers, String isolationLevel) {
        Properties p = common(bootstrapServers);
        p.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        p.setProperty(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.setProperty(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.setProperty(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        p.setProperty(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.setProperty(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }
}
