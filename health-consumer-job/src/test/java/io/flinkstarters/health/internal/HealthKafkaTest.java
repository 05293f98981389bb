package io.flinkstarters.health.internal;

import static io.flinkstarters.health.AvroBytes.decode;
import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.KafkaSettings;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.TopicSettings;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.avro.MetricType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/** What the job hands to Kafka: client properties, record keys and values, and what it takes from Kafka. */
class HealthKafkaTest {

    private static final TopicSettings TOPICS = new TopicSettings("events", "aggregates", "dead-letters");
    private static final KafkaSettings KAFKA = new KafkaSettings(
            "kafka:9092",
            "group",
            "health-consumer",
            Duration.ofMinutes(12),
            Map.of("security.protocol", "SASL_SSL", "isolation.level", "read_uncommitted"));

    @Test
    void producersGetTheValidatedTransactionTimeoutAndTheUsersProperties() {
        Properties producer = HealthKafka.producerProperties(KAFKA);

        assertThat(producer)
                .containsEntry("transaction.timeout.ms", "720000")
                .containsEntry("bootstrap.servers", "kafka:9092")
                .containsEntry("security.protocol", "SASL_SSL");
    }

    @Test
    void theSourceReadsCommittedDataUnlessTheUserSaysOtherwise() {
        KafkaSettings defaults = new KafkaSettings("kafka:9092", "group", "p", Duration.ofMinutes(12), Map.of());

        assertThat(HealthKafka.sourceProperties(defaults)).containsEntry("isolation.level", "read_committed");
        assertThat(HealthKafka.sourceProperties(KAFKA)).containsEntry("isolation.level", "read_uncommitted");
    }

    @Test
    void bothSinksBuildWithDistinctTransactionalIdPrefixes() {
        assertThat(HealthKafka.aggregatesSink(KAFKA, TOPICS, DeliveryGuarantee.EXACTLY_ONCE))
                .isNotNull();
        assertThat(HealthKafka.deadLetterSink(KAFKA, TOPICS, DeliveryGuarantee.EXACTLY_ONCE))
                .isNotNull();
        assertThat(HealthKafka.eventsSource(KAFKA, TOPICS).getBoundedness()).hasToString("CONTINUOUS_UNBOUNDED");
        assertThat(HealthKafka.AGGREGATES_SUFFIX).isNotEqualTo(HealthKafka.DEAD_LETTERS_SUFFIX);
    }

    @Test
    void aggregatesAreKeyedByUserAndEncodedAsPlainAvro() throws Exception {
        HealthAggregate aggregate = HealthAggregate.newBuilder()
                .setUserId("user-7")
                .setMetricType(MetricType.STEPS)
                .setWindowStart(Instant.parse("2025-01-01T00:00:00Z"))
                .setWindowEnd(Instant.parse("2025-01-01T00:01:00Z"))
                .setCount(3)
                .setMin(10)
                .setMax(30)
                .setMean(20)
                .setSum(60.0)
                .build();

        ProducerRecord<byte[], byte[]> record = serialize(HealthKafka.aggregatesSerializer(TOPICS), aggregate);

        assertThat(record.topic()).isEqualTo("aggregates");
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("user-7");
        assertThat(decode(record.value(), HealthAggregate.class)).isEqualTo(aggregate);
    }

    @Test
    void deadLettersAreKeyedByTheOriginalKey() throws Exception {
        byte[] key = "user-3".getBytes(StandardCharsets.UTF_8);
        DeadLetter withKey = DeadLetters.of(new RawEvent("events", 2, 40, 0, key, new byte[] {9}), "late", 1_000);
        DeadLetter withoutKey = DeadLetters.of(new RawEvent("events", 2, 41, 0, null, new byte[] {9}), "late", 1_000);

        ProducerRecord<byte[], byte[]> keyed = serialize(HealthKafka.deadLettersSerializer(TOPICS), withKey);
        ProducerRecord<byte[], byte[]> unkeyed = serialize(HealthKafka.deadLettersSerializer(TOPICS), withoutKey);

        assertThat(keyed.topic()).isEqualTo("dead-letters");
        assertThat(keyed.key()).isEqualTo(key);
        assertThat(decode(keyed.value(), DeadLetter.class)).isEqualTo(withKey);
        assertThat(unkeyed.key()).isNull();
        assertThat(withKey.getKey().position())
                .as("serializing does not consume the record's buffer")
                .isZero();
    }

    @Test
    void theSourceHandsEveryRecordOnWithItsOriginAndNeverThrows() throws Exception {
        RawEventDeserializer deserializer = new RawEventDeserializer();
        List<RawEvent> out = new ArrayList<>();
        Collector<RawEvent> collector = new Collector<>() {
            @Override
            public void collect(RawEvent record) {
                out.add(record);
            }

            @Override
            public void close() {}
        };
        byte[] garbage = {1, 2, 3};

        deserializer.deserialize(
                new ConsumerRecord<>("events", 4, 77, "k".getBytes(StandardCharsets.UTF_8), garbage), collector);
        deserializer.deserialize(new ConsumerRecord<>("events", 4, 78, null, null), collector);

        assertThat(out)
                .containsExactly(
                        new RawEvent(
                                "events",
                                4,
                                77,
                                ConsumerRecord.NO_TIMESTAMP,
                                "k".getBytes(StandardCharsets.UTF_8),
                                garbage),
                        new RawEvent("events", 4, 78, ConsumerRecord.NO_TIMESTAMP, null, null));
        assertThat(deserializer.getProducedType().getTypeClass()).isEqualTo(RawEvent.class);
    }

    private static <T> ProducerRecord<byte[], byte[]> serialize(KafkaRecordSerializationSchema<T> serializer, T element)
            throws Exception {
        serializer.open(null, null);
        return serializer.serialize(element, null, TestEvents.T0.toEpochMilli());
    }
}
