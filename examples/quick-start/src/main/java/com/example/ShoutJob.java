package com.example;

import io.flinkstarters.FlinkStarters;
import java.util.Locale;
import java.util.Properties;
import java.util.function.UnaryOperator;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.serialization.SimpleStringSchema;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Upper-cases every record of one Kafka topic into another, exactly once. */
public final class ShoutJob {

    private ShoutJob() {}

    public static void main(String[] args) throws Exception {
        // Reads application.conf (or -Dconfig.file) and FLINK_* environment variables over the
        // production defaults, validates everything, and fails here, before the job starts, on any problem.
        StreamExecutionEnvironment env = FlinkStarters.environment();
        Properties producer = new Properties();
        producer.setProperty("transaction.timeout.ms", "900000"); // a broker's default maximum: 15 min
        build(env, args[0], args[1], args[2], "shout", producer, UnaryOperator.identity());
        env.execute("shout");
    }

    /** The job's graph; a test passes its own topics and a fault point. */
    public static void build(
            StreamExecutionEnvironment env,
            String brokers,
            String input,
            String output,
            String transactionalIdPrefix,
            Properties producer,
            UnaryOperator<DataStream<String>> faultPoint) {
        KafkaSource<String> source = KafkaSource.<String>builder()
                .setBootstrapServers(brokers)
                .setTopics(input)
                .setGroupId(transactionalIdPrefix)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setValueOnlyDeserializer(new SimpleStringSchema())
                .build();
        KafkaSink<String> sink = KafkaSink.<String>builder()
                .setBootstrapServers(brokers)
                .setRecordSerializer(KafkaRecordSerializationSchema.builder()
                        .setTopic(output)
                        .setValueSerializationSchema(new SimpleStringSchema())
                        .build())
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(transactionalIdPrefix)
                .setKafkaProducerConfig(producer)
                .build();

        faultPoint
                .apply(env.fromSource(source, WatermarkStrategy.noWatermarks(), "input")
                        .uid("input"))
                .map(text -> text.toUpperCase(Locale.ROOT))
                .uid("shout") // stable uids let state survive upgrades
                .sinkTo(sink)
                .uid("output");
    }
}
