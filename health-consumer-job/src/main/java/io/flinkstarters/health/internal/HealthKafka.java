package io.flinkstarters.health.internal;

import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.KafkaSettings;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.TopicSettings;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.kafka.GuardKeys;
import io.flinkstarters.kafka.KafkaTransactions;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.TransactionNamingStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The job's Kafka source and its two exactly-once sinks, built from the validated settings. */
@Internal
public final class HealthKafka {

    /** Suffixes of the sinks' transactional id prefixes: two sinks must never share one, or each aborts the other's transactions. */
    public static final String AGGREGATES_SUFFIX = "-aggregates";

    public static final String DEAD_LETTERS_SUFFIX = "-dead-letters";

    /** The keys the Kafka exactly-once guard names in the job's problems. */
    public static final GuardKeys GUARD_KEYS = GuardKeys.starters(
            "the health consumer job",
            HealthJobSettings.TRANSACTIONAL_ID_PREFIX,
            HealthJobSettings.TRANSACTION_TIMEOUT,
            HealthJobSettings.BOOTSTRAP_SERVERS);

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

    /**
     * Both sinks' transaction settings (validated by the guard with the rest of {@code health.kafka}); each
     * sink suffixes the prefix.
     */
    public static KafkaTransactions transactions(KafkaSettings kafka) {
        Map<String, String> producer = new LinkedHashMap<>();
        Properties client = kafka.clientProperties();
        client.stringPropertyNames().forEach(key -> producer.put(key, client.getProperty(key)));
        return new KafkaTransactions(
                kafka.transactionalIdPrefix(), kafka.transactionTimeout(), TransactionNamingStrategy.DEFAULT, producer);
    }

    /** Producer properties: the user's, the validated transaction timeout and a bounded max.block.ms. */
    static Properties producerProperties(KafkaSettings kafka) {
        return transactions(kafka).kafkaProducerConfig();
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
        return transactions(kafka)
                .withPrefixSuffix(suffix)
                .<T>builder()
                .setBootstrapServers(kafka.bootstrapServers())
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(guarantee)
                .build();
    }
}
