package com.example.pageviews;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.kafka.KafkaExactlyOnceGuard;
import io.flinkstarters.kafka.KafkaTransactions;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
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

    /** Arguments: bootstrap servers, input topic, output topic. */
    public static void main(String[] args) throws Exception {
        StarterSettings settings = FlinkStarters.settings(ConfigLoader.load());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        // No transaction.timeout.ms: the guard derives one from the checkpoint settings.
        KafkaTransactions transactions =
                build(env, args[0], args[1], args[2], "page-views", new Properties(), stream -> stream);
        // tag::preflight[]
        if (settings.preflight().enabled()) {
            KafkaExactlyOnceGuard.preflight(
                    transactions,
                    args[0],
                    Map.of("input-topic", args[1], "output-topic", args[2]),
                    settings.preflight().timeout());
        }
        // end::preflight[]
        env.execute("page-views");
    }

    /** Where a test may insert a fault into the stream. */
    public interface Hook {
        DataStream<String> apply(DataStream<String> stream);
    }

    /**
     * Adds the job to {@code env}, whose checkpointing must already be configured: the exactly-once
     * sink is checked against it (an exception lists every problem).
     *
     * @return the sink's checked transaction settings, for a preflight against the broker
     */
    public static KafkaTransactions build(
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
        // tag::exactly-once-sink[]
        // Fails here, listing every problem, unless checkpoints are exactly-once and the transaction
        // timeout (derived from the checkpoint and restart settings when not given) outlasts a checkpoint cycle.
        KafkaTransactions transactions = KafkaExactlyOnceGuard.check(env, transactionalIdPrefix, sinkProperties);
        KafkaSink<String> sink = transactions
                .<String>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(KafkaRecordSerializationSchema.<String>builder()
                        .setTopic(output)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .build();
        // end::exactly-once-sink[]

        DataStream<String> views = env.fromSource(source, WatermarkStrategy.noWatermarks(), "page-views")
                .uid("page-views");
        hook.apply(views)
                .keyBy(view -> view.split(",")[1])
                .process(new CountViews())
                .uid("count-views")
                .sinkTo(sink)
                .uid("counted-views");
        return transactions;
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
