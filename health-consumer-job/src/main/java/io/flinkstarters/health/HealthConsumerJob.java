package io.flinkstarters.health;

import com.typesafe.config.Config;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.health.internal.HealthKafka;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The health consumer: reads {@code HealthEvent}s from Kafka, writes per-user, per-metric window
 * aggregates exactly once, and every record it cannot use to a dead-letter topic.
 *
 * <pre>
 * flink run health-consumer-job-&lt;version&gt;-shaded.jar [--config /etc/health/application.conf]
 * </pre>
 *
 * Configuration: {@code reference.conf} defaults, then {@code --config <file>} (or
 * {@code application.conf} on the class path, or {@code -Dconfig.file}), then the environment
 * variables bound in {@code reference.conf}, then {@code -D} system properties; see
 * {@code docs/HEALTH_CONSUMER.md}.
 */
@PublicEvolving
public final class HealthConsumerJob {

    public static final String JOB_NAME = "health-consumer";

    private HealthConsumerJob() {}

    public static void main(String[] args) throws Exception {
        // tag::main[]
        // Validates flink.* and health.* together, resolves the restore point, then checks storage,
        // brokers, topics and the transaction limit; one exception lists every problem, before anything runs.
        HealthJobStartup startup = HealthJobStartup.load(configuration(args));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(
                startup.starters().toConfiguration());
        build(env, startup.health());
        env.execute(JOB_NAME);
        // end::main[]
    }

    /** {@code --config <file>} names the application configuration; without it the usual places are read. */
    static Config configuration(String[] args) {
        if (args.length == 0) {
            return ConfigLoader.load();
        }
        if (args.length == 2 && args[0].equals("--config")) {
            return ConfigLoader.load(Path.of(args[1]), System.getenv());
        }
        throw new IllegalArgumentException(
                "Usage: HealthConsumerJob [--config <application.conf>]; got " + String.join(" ", args));
    }

    /** Adds the job (Kafka source, pipeline, both Kafka sinks) to an environment, which may be a test's. */
    public static void build(StreamExecutionEnvironment env, HealthJobSettings settings) {
        build(env, settings, UnaryOperator.identity());
    }

    /**
     * Like {@link #build(StreamExecutionEnvironment, HealthJobSettings)}, with a hook applied to the raw
     * records right after the source: where a test inserts a fault. The hook must not change records.
     */
    public static void build(
            StreamExecutionEnvironment env, HealthJobSettings settings, UnaryOperator<DataStream<RawEvent>> rawHook) {
        build(env, settings, DeliveryGuarantee.EXACTLY_ONCE, rawHook);
    }

    /**
     * Like {@link #build(StreamExecutionEnvironment, HealthJobSettings, UnaryOperator)}, with the sinks'
     * delivery guarantee as a parameter. The job runs exactly-once; the others exist so benchmarks can
     * measure what exactly-once costs and tests can show that a weaker guarantee is caught.
     */
    public static void build(
            StreamExecutionEnvironment env,
            HealthJobSettings settings,
            DeliveryGuarantee guarantee,
            UnaryOperator<DataStream<RawEvent>> rawHook) {
        settings.parallelism().ifPresent(env::setParallelism);
        env.setMaxParallelism(settings.maxParallelism());
        // Chained operators may hand records on without Flink's defensive copy: no function of this job
        // changes a record it gets or keeps one after returning (state holds flags and immutable
        // MetricStats). A new function must keep it so. Saves a deep Avro copy per record and operator.
        env.getConfig().enableObjectReuse();

        DataStream<RawEvent> raw = env.fromSource(
                        HealthKafka.eventsSource(settings.kafka(), settings.topics()),
                        WatermarkStrategy.noWatermarks(),
                        "health-events")
                .uid(OperatorIds.EVENTS_SOURCE);
        HealthPipeline.Outputs outputs = HealthPipeline.apply(rawHook.apply(raw), settings);
        outputs.aggregates()
                .sinkTo(HealthKafka.aggregatesSink(settings.kafka(), settings.topics(), guarantee))
                .uid(OperatorIds.AGGREGATES_SINK)
                .name("health-aggregates");
        outputs.deadLetters()
                .sinkTo(HealthKafka.deadLetterSink(settings.kafka(), settings.topics(), guarantee))
                .uid(OperatorIds.DEAD_LETTERS_SINK)
                .name("health-dead-letters");
    }
}
