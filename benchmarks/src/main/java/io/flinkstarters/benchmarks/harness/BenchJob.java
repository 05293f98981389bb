package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.HealthPipeline;
import io.flinkstarters.health.OperatorIds;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.internal.AggregateKeySerializer;
import io.flinkstarters.health.internal.DeadLetterKeySerializer;
import io.flinkstarters.health.internal.HealthKafka;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.formats.avro.AvroSerializationSchema;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The health consumer job as {@code HealthConsumerJob.build} wires it (the job's source, its
 * {@link HealthPipeline}, Kafka sinks with the job's serializers and uids), except that the sinks'
 * delivery guarantee is a parameter: the job itself only offers exactly-once. A hook after the source
 * takes the {@link Probe} and, for the recovery benchmark, a fault.
 */
public final class BenchJob {

    private BenchJob() {}

    public static JobID submit(BenchStack stack, JobSetup setup, DeliveryGuarantee guarantee, UnaryOperator<DataStream<RawEvent>> rawHook) {
        createOutputTopics(stack, setup);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(setup.starters().toConfiguration());
        build(env, setup.health(), guarantee, rawHook);
        return stack.cluster().submit(env);
    }

    /** The job's two output topics; they must exist before it starts (its own main checks that they do). */
    public static void createOutputTopics(BenchStack stack, JobSetup setup) {
        stack.kafka().createTopic(setup.health().topics().aggregates(), BenchStack.PARALLELISM);
        stack.kafka().createTopic(setup.health().topics().deadLetters(), BenchStack.PARALLELISM);
    }

    static void build(StreamExecutionEnvironment env, HealthJobSettings settings, DeliveryGuarantee guarantee,
                      UnaryOperator<DataStream<RawEvent>> rawHook) {
        settings.parallelism().ifPresent(env::setParallelism);
        env.setMaxParallelism(settings.maxParallelism());
        DataStream<RawEvent> raw = env
                .fromSource(HealthKafka.eventsSource(settings.kafka(), settings.topics()), WatermarkStrategy.noWatermarks(), "health-events")
                .uid(OperatorIds.EVENTS_SOURCE);
        HealthPipeline.Outputs outputs = HealthPipeline.apply(rawHook.apply(raw), settings);
        outputs.aggregates()
                .sinkTo(sink(settings, guarantee, HealthKafka.AGGREGATES_SUFFIX, settings.topics().aggregates(), new AggregateKeySerializer(),
                        AvroSerializationSchema.forSpecific(HealthAggregate.class)))
                .uid(OperatorIds.AGGREGATES_SINK).name("health-aggregates");
        outputs.deadLetters()
                .sinkTo(sink(settings, guarantee, HealthKafka.DEAD_LETTERS_SUFFIX, settings.topics().deadLetters(), new DeadLetterKeySerializer(),
                        AvroSerializationSchema.forSpecific(DeadLetter.class)))
                .uid(OperatorIds.DEAD_LETTERS_SINK).name("health-dead-letters");
    }

    private static <T> KafkaSink<T> sink(HealthJobSettings settings, DeliveryGuarantee guarantee, String suffix, String topic,
                                         SerializationSchema<T> key, SerializationSchema<T> value) {
        Properties producer = settings.kafka().clientProperties();
        producer.setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, String.valueOf(settings.kafka().transactionTimeout().toMillis()));
        return KafkaSink.<T>builder()
                .setBootstrapServers(settings.kafka().bootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(KafkaRecordSerializationSchema.<T>builder().setTopic(topic)
                        .setKeySerializationSchema(key).setValueSerializationSchema(value).build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(settings.kafka().transactionalIdPrefix() + suffix)
                .build();
    }
}
