package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The fault proxy in front of the testkit's Kafka broker. A Kafka client uses its bootstrap address
 * only for the first metadata request; after that it connects to the addresses the broker advertises.
 */
class FaultProxyKafkaITCase {

    private static final Duration LASTING = Duration.ofSeconds(60);

    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    /**
     * The trap: a proxy only in {@code bootstrap.servers} sees the bootstrap connection, then the client
     * talks to the broker's advertised address directly, and a cut link changes nothing.
     */
    @Test
    void aProxyOnlyInBootstrapServersIsBypassedAfterTheFirstMetadata() throws Exception {
        kafka.createTopic("bypass", 1);
        String[] broker = kafka.bootstrapServers().split(":");
        try (FaultProxy proxy = FaultProxy.start("kafka-bootstrap", broker[0], Integer.parseInt(broker[1]));
                KafkaProducer<byte[], byte[]> producer = producer(proxy.address())) {
            send(producer, "bypass", "first");

            proxy.reset(LASTING);
            send(producer, "bypass", "during the reset");

            assertThat(proxy.stats().accepted())
                    .as("connections through the proxy")
                    .isGreaterThanOrEqualTo(1);
        }
        assertThat(kafka.readCommitted("bypass", KafkaBroker.atLeast(2), LASTING))
                .hasSize(2);
    }

    static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        properties.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        properties.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    static void send(KafkaProducer<byte[], byte[]> producer, String topic, String value) throws Exception {
        producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)))
                .get(30, TimeUnit.SECONDS);
    }

    static List<String> values(String topic, int atLeast) {
        return kafka.readCommitted(topic, KafkaBroker.atLeast(atLeast), LASTING).stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
