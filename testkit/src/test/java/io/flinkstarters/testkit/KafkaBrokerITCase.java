package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class KafkaBrokerITCase {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private static KafkaBroker kafka;

    @BeforeAll
    static void startBroker() {
        long started = System.nanoTime();
        kafka = KafkaBroker.start();
        System.out.printf(
                "KafkaBroker.start() took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    @AfterAll
    static void closeBroker() {
        kafka.close();
    }

    @Test
    void producedRecordsAreReadBackCommitted() {
        kafka.createTopic("plain", 3);

        kafka.produce("plain", records("plain", "a", "b", "c", "d"));

        assertThat(values(kafka.readCommitted("plain", KafkaBroker.atLeast(4), TIMEOUT)))
                .containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(values(kafka.readCommitted("plain"))).containsExactlyInAnyOrder("a", "b", "c", "d");
        assertThat(kafka.bootstrapServers()).startsWith("127.0.0.1:");
        assertThat(kafka.clientProperties().getProperty("bootstrap.servers")).isEqualTo(kafka.bootstrapServers());
        assertThat(kafka.transactionMaxTimeout()).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void readCommittedSeesCommittedTransactionsOnly() {
        kafka.createTopic("transactional", 1);

        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer("tx-test")) {
            producer.initTransactions();
            sendInTransaction(producer, "transactional", "committed-1");
            producer.commitTransaction();
            sendInTransaction(producer, "transactional", "aborted-1");
            producer.abortTransaction();
            sendInTransaction(producer, "transactional", "committed-2");
            producer.commitTransaction();
        }

        assertThat(values(kafka.readCommitted("transactional"))).containsExactly("committed-1", "committed-2");
        assertThat(values(kafka.readCommitted("transactional", KafkaBroker.atLeast(2), TIMEOUT)))
                .containsExactly("committed-1", "committed-2");
    }

    @Test
    void readCommittedStopsBeforeAnOpenTransaction() {
        kafka.createTopic("open-transaction", 1);
        kafka.produce("open-transaction", records("open-transaction", "before"));

        try (KafkaProducer<byte[], byte[]> producer = transactionalProducer("tx-open")) {
            producer.initTransactions();
            sendInTransaction(producer, "open-transaction", "pending");

            assertThat(values(kafka.readCommitted("open-transaction"))).containsExactly("before");

            producer.commitTransaction();
        }
        // Commit markers reach the partition shortly after commitTransaction() returns: wait for them.
        assertThat(values(kafka.readCommitted("open-transaction", KafkaBroker.atLeast(2), TIMEOUT)))
                .containsExactly("before", "pending");
    }

    @Test
    void timeoutSaysWhatWasAwaitedAndWhatWasSeen() {
        kafka.createTopic("short", 1);
        kafka.produce("short", records("short", "only"));

        assertThatThrownBy(() -> kafka.readCommitted("short", KafkaBroker.atLeast(2), Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("'short'")
                .hasMessageContaining("at least 2 records")
                .hasMessageContaining("saw 1 committed records");
        assertThatThrownBy(() -> kafka.readCommitted("short", records -> records.size() > 1, Duration.ofMillis(500)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("the given condition held (a lambda");
    }

    @Test
    void restartKeepsDataAndAddressAndClientsReconnect() throws Exception {
        kafka.createTopic("restarted", 2);
        kafka.produce("restarted", records("restarted", "before-1", "before-2"));
        String address = kafka.bootstrapServers();

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerProperties())) {
            producer.send(record("restarted", "open-producer-before")).get(30, TimeUnit.SECONDS);

            long started = System.nanoTime();
            kafka.restart();
            System.out.printf(
                    "KafkaBroker.restart() took %d ms%n", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));

            assertThat(kafka.bootstrapServers()).isEqualTo(address);
            producer.send(record("restarted", "open-producer-after")).get(30, TimeUnit.SECONDS);
        }
        kafka.produce("restarted", records("restarted", "after"));

        assertThat(values(kafka.readCommitted("restarted")))
                .containsExactlyInAnyOrder(
                        "before-1", "before-2", "open-producer-before", "open-producer-after", "after");
    }

    @Test
    void stoppedBrokerRefusesConnectionsUntilResumed() throws Exception {
        kafka.createTopic("outage", 1);
        kafka.produce("outage", records("outage", "kept"));
        int port = Integer.parseInt(
                kafka.bootstrapServers().substring(kafka.bootstrapServers().indexOf(':') + 1));

        kafka.stop();
        try {
            assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        } finally {
            kafka.resume();
        }

        connect(port);
        assertThat(values(kafka.readCommitted("outage"))).containsExactly("kept");
    }

    @Test
    void closeIsIdempotentAndReleasesThePort() throws Exception {
        KafkaBroker second = KafkaBroker.start();
        int port = Integer.parseInt(
                second.bootstrapServers().substring(second.bootstrapServers().indexOf(':') + 1));

        second.close();
        second.close();

        assertThatThrownBy(() -> connect(port)).isInstanceOf(ConnectException.class);
        assertThatThrownBy(second::restart)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    private static void connect(int port) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
        }
    }

    private static void sendInTransaction(KafkaProducer<byte[], byte[]> producer, String topic, String value) {
        producer.beginTransaction();
        producer.send(record(topic, value));
        producer.flush();
    }

    private static KafkaProducer<byte[], byte[]> transactionalProducer(String transactionalId) {
        Properties properties = producerProperties();
        properties.setProperty(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
        return new KafkaProducer<>(properties);
    }

    private static Properties producerProperties() {
        Properties properties = kafka.clientProperties();
        properties.setProperty(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        properties.setProperty(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return properties;
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String topic, String... values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> record(topic, values[i]))
                .collect(Collectors.toList());
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String value) {
        return new ProducerRecord<>(
                topic, value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
    }

    private static List<String> values(List<ConsumerRecord<byte[], byte[]>> records) {
        return records.stream()
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .collect(Collectors.toList());
    }
}
