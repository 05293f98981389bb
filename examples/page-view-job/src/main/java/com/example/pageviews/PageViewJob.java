package com.example.pageviews;

import io.flinkstarters.FlinkStarters;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
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
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/**
 * Counts page views: input records are {@code viewId,page}; each output record is
 * {@code viewId,page,viewsOfPageSoFar}, written exactly once.
 */
public final class PageViewJob {

    private PageViewJob() {}

    public static void main(String[] args) throws Exception {
        StreamExecutionEnvironment env = FlinkStarters.environment();
        Properties sink = new Properties();
        sink.setProperty("transaction.timeout.ms", "300000");
        build(env, args[0], args[1], args[2], "page-views", sink, stream -> stream);
        env.execute("page-views");
    }

    /** Where a test may insert a fault into the stream. */
    public interface Hook {
        DataStream<String> apply(DataStream<String> stream);
    }

    public static void build(
            StreamExecutionEnvironment env,
            String bootstrapServers,
            String input,
            String output,
            String transactionalIdPrefix,
            Properties sinkProperties,
            Hook hook) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(input)
                .setGroupId(transactionalIdPrefix)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(output)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(sinkProperties)
                .build();

        DataStream<String> views = env.fromSource(source, WatermarkStrategy.noWatermarks(), "page-views")
                .uid("page-views");
        hook.apply(views)
                .keyBy(view -> view.split(",")[1])
                .process(new CountViews())
                .uid("count-views")
                .sinkTo(sink)
                .uid("counted-views");
    }

    private static final class CountViews extends KeyedProcessFunction<String, String, String> {
        private transient ValueState<Long> views;

        @Override
        public void open(OpenContext context) {
            views = getRuntimeContext().getState(new ValueStateDescriptor<>("views", Types.LONG));
        }

        @Override
        public void processElement(String view, Context context, Collector<String> out) throws Exception {
            long next = (views.value() == null ? 0 : views.value()) + 1;
            views.update(next);
            out.collect(view + "," + next);
        }
    }
}
