package io.flinkstarters.health;

import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.internal.CountDeadLetters;
import io.flinkstarters.health.internal.DeadLetters;
import io.flinkstarters.health.internal.DecodeFunction;
import io.flinkstarters.health.internal.DecodedEvent;
import io.flinkstarters.health.internal.Deduplicator;
import io.flinkstarters.health.internal.EventTime;
import io.flinkstarters.health.internal.LateEventToDeadLetter;
import io.flinkstarters.health.internal.MetricWindows;
import io.flinkstarters.health.internal.UserMetric;
import io.flinkstarters.health.internal.ValidateFunction;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.util.OutputTag;

/**
 * The job between Kafka and Kafka: raw records in, aggregates and dead letters out.
 *
 * <pre>
 * raw ─ decode ─ validate ─ event-time ─ keyBy(user, metric) ─ deduplicate ─ window aggregate ─▶ aggregates
 *         │        │                                                           │ late
 *         └────────┴─────────────────────── dead letters ◀─────────────────────┘
 * </pre>
 *
 * Separate from the Kafka wiring ({@link HealthConsumerJob}) so tests can run it on any source and sink.
 */
@PublicEvolving
public final class HealthPipeline {

    /** Measurements too late for their window, taken from the window operator. */
    static final OutputTag<DecodedEvent> LATE = new OutputTag<>("late-events", DecodedEvent.TYPE);

    private HealthPipeline() {}

    /** What the pipeline produces: aggregates, and every rejected record as a dead letter. */
    public record Outputs(DataStream<HealthAggregate> aggregates, DataStream<DeadLetter> deadLetters) {}

    public static Outputs apply(DataStream<RawEvent> raw, HealthJobSettings settings) {
        SingleOutputStreamOperator<DecodedEvent> decoded = raw.process(new DecodeFunction(), DecodedEvent.TYPE)
                .uid(OperatorIds.DECODE)
                .name("decode");
        SingleOutputStreamOperator<DecodedEvent> valid = decoded.process(
                        new ValidateFunction(settings.validation()), DecodedEvent.TYPE)
                .uid(OperatorIds.VALIDATE)
                .name("validate");
        SingleOutputStreamOperator<DecodedEvent> timed = valid.assignTimestampsAndWatermarks(
                        EventTime.watermarks(settings.window()))
                .uid(OperatorIds.EVENT_TIME)
                .name("event-time");
        // Keyed once, by user and metric: deduplication and windows run chained in one task (Deduplicator).
        SingleOutputStreamOperator<DecodedEvent> unique = timed.keyBy(UserMetric.selector(), UserMetric.TYPE)
                .transform("deduplicate", DecodedEvent.TYPE, new Deduplicator(settings.dedupTtl()))
                .uid(OperatorIds.DEDUPLICATE);
        SingleOutputStreamOperator<HealthAggregate> aggregates = aggregate(
                DataStreamUtils.reinterpretAsKeyedStream(unique, UserMetric.selector(), UserMetric.TYPE),
                settings.window());
        DataStream<DeadLetter> late = aggregates
                .getSideOutput(LATE)
                .process(new LateEventToDeadLetter(), DeadLetters.TYPE)
                .uid(OperatorIds.LATE_EVENTS)
                .name("late-events");
        DataStream<DeadLetter> deadLetters = decoded.getSideOutput(DeadLetters.TAG)
                .union(valid.getSideOutput(DeadLetters.TAG), late)
                .map(new CountDeadLetters(), DeadLetters.TYPE)
                .uid(OperatorIds.COUNT_DEAD_LETTERS)
                .name("count-dead-letters");
        return new Outputs(aggregates, deadLetters);
    }

    /** Event-time tumbling windows per user and metric; measurements too late for their window go to {@link #LATE}. */
    static SingleOutputStreamOperator<HealthAggregate> aggregate(
            KeyedStream<DecodedEvent, UserMetric> byUserMetric, WindowSettings window) {
        return byUserMetric
                .process(new MetricWindows(window, LATE), TypeInformation.of(HealthAggregate.class))
                .uid(OperatorIds.WINDOW_AGGREGATE)
                .name("window-aggregate");
    }
}
