package io.flinkstarters.testkit.sample;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import io.flinkstarters.testkit.ContractContext;
import io.flinkstarters.testkit.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The testkit's own sample pipeline: Kafka source → keyed stateful count → Kafka sink. Input records
 * are event ids ({@code event-17}); each output record is {@code id|key|count}, where count is how
 * many events of that key the job has seen, so lost or replayed state shows in the output too.
 */
public final class SamplePipeline {

    static final int KEYS = 8;

    private SamplePipeline() {}

    public static void build(StreamExecutionEnvironment env, ContractContext context, DeliveryGuarantee guarantee) {
        build(env, context, guarantee, UnaryOperator.identity());
    }

    /** Like {@link #build(StreamExecutionEnvironment, ContractContext, DeliveryGuarantee)}, with a step before the count. */
    public static void build(
            StreamExecutionEnvironment env,
            ContractContext context,
            DeliveryGuarantee guarantee,
            UnaryOperator<DataStream<String>> beforeCount) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(context.bootstrapServers())
                .setTopics(context.inputTopic())
                .setGroupId(context.transactionalIdPrefix())
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(context.bootstrapServers())
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(context.outputTopic())
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(guarantee)
                .setTransactionalIdPrefix(context.transactionalIdPrefix())
                .setKafkaProducerConfig(context.sinkProperties())
                .build();

        DataStream<String> events = env.fromSource(source, WatermarkStrategy.noWatermarks(), "events")
                .uid("events");
        beforeCount
                .apply(context.faultPoint(events))
                .keyBy(id -> Math.floorMod(id.hashCode(), KEYS))
                .process(new CountPerKey())
                .uid("count-per-key")
                .sinkTo(sink)
                .uid("output");
    }

    /** The pipeline's own settings: {@code sample-pipeline.conf} (on the test class path). */
    public static Config configuration() {
        return ConfigFactory.parseResourcesAnySyntax(
                "sample-pipeline.conf", ConfigParseOptions.defaults().setAllowMissing(false));
    }

    /** Its production durations (30 s checkpoints, 10 s restart delays) are divided by this in the contract. */
    public static final int TIME_SCALE = 60;

    /** Produces {@code event-from} .. {@code event-(to-1)}; returns their ids. */
    public static List<String> produce(KafkaBroker kafka, String topic, int from, int to) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (int n = from; n < to; n++) {
            String id = "event-" + n;
            ids.add(id);
            records.add(new ProducerRecord<>(
                    topic, id.getBytes(StandardCharsets.UTF_8), id.getBytes(StandardCharsets.UTF_8)));
        }
        kafka.produce(topic, records);
        return ids;
    }

    /** The event ids of committed output records. */
    public static List<String> ids(List<ConsumerRecord<byte[], byte[]>> committed) {
        return committed.stream()
                .map(record -> new String(record.value(), StandardCharsets.UTF_8).split("\\|")[0])
                .toList();
    }

    /** A step that throws on the record {@code poison}: this pipeline has nowhere to dead-letter it. */
    static DataStream<String> throwOnPoison(DataStream<String> events) {
        return events.map(new ThrowOnPoison()).uid("throw-on-poison");
    }

    private static final class ThrowOnPoison implements MapFunction<String, String> {
        @Override
        public String map(String id) {
            if (id.equals("poison")) {
                throw new IllegalArgumentException("poison: no dead-letter output in this pipeline");
            }
            return id;
        }
    }

    private static final class CountPerKey extends KeyedProcessFunction<Integer, String, String> {
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(String id, Context context, Collector<String> out) throws Exception {
            long next = (count.value() == null ? 0 : count.value()) + 1;
            count.update(next);
            out.collect(id + "|" + context.getCurrentKey() + "|" + next);
        }
    }
}
