package io.flinkstarters.health.internal;

import io.flinkstarters.health.KafkaSettings;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.TopicSettings;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

/** The job's Kafka source and its two exactly-once sinks, built from the validated settings. */
@Internal
public final class HealthKafka {

    /** Suffixes of the sinks' transactional id prefixes: two sinks must never share one, or each aborts the other's transactions. */
    public static final String AGGREGATES_SUFFIX = "-aggregates";

    public static final String DEAD_LETTERS_SUFFIX = "-dead-letters";

    private HealthKafka() {}

    /**
     * Raw records of the events topic. A first deployment starts from the group's committed offsets, or
     * the earliest ones (nothing already produced is skipped); a restore uses the checkpoint's offsets.
     * Offsets are committed to the group on each completed checkpoint, for monitoring lag.
     */
    @SuppressWarnings(
            "deprecation") // OffsetResetStrategy is what OffsetsInitializer.committedOffsets takes in connector 5.0.
    public static KafkaSource<RawEvent> eventsSource(KafkaSettings kafka, TopicSettings topics) {
        return KafkaSource.<RawEvent>builder()
                .setProperties(sourceProperties(kafka))
                .setBootstrapServers(kafka.bootstrapServers())
                .setGroupId(kafka.groupId())
                .setTopics(topics.events())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawEventDeserializer())
                .build();
    }

    /** The aggregates sink; the job always uses {@link DeliveryGuarantee#EXACTLY_ONCE} (others exist to measure its cost). */
    public static KafkaSink<HealthAggregate> aggregatesSink(
            KafkaSettings kafka, TopicSettings topics, DeliveryGuarantee guarantee) {
        return sink(kafka, AGGREGATES_SUFFIX, aggregatesSerializer(topics), guarantee);
    }

    /** The dead-letter sink, like {@link #aggregatesSink}. */
    public static KafkaSink<DeadLetter> deadLetterSink(
            KafkaSettings kafka, TopicSettings topics, DeliveryGuarantee guarantee) {
        return sink(kafka, DEAD_LETTERS_SUFFIX, deadLettersSerializer(topics), guarantee);
    }

    /** Consumer properties: read_committed by default (upstream producers may write in transactions; aborted measurements must not count), then the user's. */
    static Properties sourceProperties(KafkaSettings kafka) {
        Properties properties = new Properties();
        properties.setProperty(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.putAll(kafka.clientProperties());
        return properties;
    }

    /** Producer properties: the user's, and the validated transaction timeout. */
    static Properties producerProperties(KafkaSettings kafka) {
        Properties properties = kafka.clientProperties();
        properties.setProperty(
                ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                String.valueOf(kafka.transactionTimeout().toMillis()));
        return properties;
    }

    /** Aggregates as plain Avro binary, keyed by user id. */
    static KafkaRecordSerializationSchema<HealthAggregate> aggregatesSerializer(TopicSettings topics) {
        return serializer(
                topics.aggregates(),
                new AggregateKeySerializer(),
                AvroSerializationSchema.forSpecific(HealthAggregate.class));
    }

    /** Dead letters as plain Avro binary, keyed by the original record's key. */
    static KafkaRecordSerializationSchema<DeadLetter> deadLettersSerializer(TopicSettings topics) {
        return serializer(
                topics.deadLetters(),
                new DeadLetterKeySerializer(),
                AvroSerializationSchema.forSpecific(DeadLetter.class));
    }

    private static <T> KafkaRecordSerializationSchema<T> serializer(
            String topic, SerializationSchema<T> key, SerializationSchema<T> value) {
        return KafkaRecordSerializationSchema.<T>builder()
                .setTopic(topic)
                .setKeySerializationSchema(key)
                .setValueSerializationSchema(value)
                .build();
    }

    private static <T> KafkaSink<T> sink(
            KafkaSettings kafka,
            String suffix,
            KafkaRecordSerializationSchema<T> serializer,
            DeliveryGuarantee guarantee) {
        return KafkaSink.<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setKafkaProducerConfig(producerProperties(kafka))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(kafka.transactionalIdPrefix() + suffix)
                .build();
    }
}
