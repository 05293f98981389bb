package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker started behind a fault proxy advertises the proxy to the clients that come through it, so
 * every request of theirs crosses the proxy, and its faults hit them; the testkit's own clients stay direct.
 */
class KafkaBrokerBehindProxyITCase {

    private static final Duration LASTING = Duration.ofSeconds(60);
    private static final int REQUEST_TIMEOUT_MILLIS = 1500;

    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        kafka = KafkaBroker.startBehindProxy();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @AfterEach
    void heal() {
        kafka.proxy().restore();
    }

    @Test
    void metadataSendsProxiedClientsBackThroughTheProxy() throws Exception {
        try (Admin admin = Admin.create(adminProperties(kafka.proxiedBootstrapServers()))) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(nodes)
                    .extracting(node -> node.host() + ":" + node.port())
                    .containsExactly(kafka.proxiedBootstrapServers());
        }
        try (Admin admin = Admin.create(adminProperties(kafka.bootstrapServers()))) {
            Collection<Node> nodes = admin.describeCluster().nodes().get(30, TimeUnit.SECONDS);
            assertThat(nodes)
                    .extracting(node -> node.host() + ":" + node.port())
                    .containsExactly(kafka.bootstrapServers());
        }
        assertThat(kafka.proxiedBootstrapServers()).isEqualTo(kafka.proxy().address());
    }

    @Test
    void resetCutsTheProxiedClientOffWhileTheTestkitsOwnClientsGoOn() throws Exception {
        kafka.createTopic("cut", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Duration.ofMillis(4000))) {
            send(producer, "cut", "before").get(30, TimeUnit.SECONDS);

            FaultProxy.Fault reset = kafka.proxy().reset(LASTING);
            assertThat(kafka.proxy().stats().cut()).as("connections cut").isGreaterThanOrEqualTo(1);
            Future<RecordMetadata> during = send(producer, "cut", "during");
            assertThatThrownBy(() -> during.get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .hasCauseInstanceOf(TimeoutException.class);
            kafka.produce("cut", List.of(record("cut", "direct")));
            reset.heal();

            send(producer, "cut", "after").get(30, TimeUnit.SECONDS);
        }
        assertThat(values("cut", 3)).containsExactly("before", "direct", "after");
    }

    @Test
    void blackholeLongerThanTheRequestTimeoutThenHealedLosesAndDuplicatesNothing() throws Exception {
        kafka.createTopic("held", 1);
        try (KafkaProducer<byte[], byte[]> producer = producer(Duration.ofSeconds(60))) {
            send(producer, "held", "before").get(30, TimeUnit.SECONDS);
            long acceptedBefore = kafka.proxy().stats().accepted();

            FaultProxy.Fault blackhole = kafka.proxy().blackhole(LASTING);
            Future<RecordMetadata> held = send(producer, "held", "held");
            // The client gives up on its connection after request.timeout.ms and opens a new one.
            Await.until(
                    "the producer to reconnect after its request timed out",
                    () -> kafka.proxy().stats().accepted() > acceptedBefore,
                    LASTING);
            assertThat(held).as("a send acknowledged during the blackhole").isNotDone();
            blackhole.heal();

            held.get(30, TimeUnit.SECONDS);
        }
        // The stale request held on the old connection and the retry both reach the broker; the
        // idempotent producer's sequence numbers keep one copy.
        assertThat(values("held", 2)).containsExactly("before", "held");
        assertThat(kafka.readCommitted("held")).hasSize(2);
    }

    private static KafkaProducer<byte[], byte[]> producer(Duration deliveryTimeout) {
        Properties properties = new Properties();
        properties.setProperty(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.proxiedBootstrapServers());
        properties.setProperty(ProducerConfig.ACKS_CONFIG, "all");
        properties.setProperty(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.setProperty(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, String.valueOf(REQUEST_TIMEOUT_MILLIS));
        properties.setProperty(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, String.valueOf(deliveryTimeout.toMillis()));
        properties.setProperty(ProducerConfig.LINGER_MS_CONFIG, "0");
        properties.setProperty(ProducerConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        properties.setProperty(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "500");
        properties.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(properties);
    }

    private static Properties adminProperties(String bootstrapServers) {
        Properties properties = new Properties();
        properties.setProperty(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return properties;
    }

    private static Future<RecordMetadata> send(KafkaProducer<byte[], byte[]> producer, String topic, String value) {
        return producer.send(record(topic, value));
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(String topic, int atLeast) {
        return kafka.readCommitted(topic, KafkaBroker.atLeast(atLeast), LASTING).stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8))
                .toList();
    }
}
