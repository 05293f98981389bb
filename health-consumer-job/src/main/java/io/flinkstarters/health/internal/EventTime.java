package io.flinkstarters.health.internal;

import io.flinkstarters.health.WindowSettings;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time and watermarks of validated measurements.
 *
 * <p>Assigned after decoding and validation, not at the Kafka source: the source sees bytes, and only a
 * valid measurement has an event time worth trusting (an undecodable record has none; a far-future one
 * would drag the watermark ahead). The assigner is chained to the source, so watermarks are still
 * generated per source subtask, before any shuffle. A subtask reading several partitions interleaves
 * them, so {@code out-of-orderness} must also cover the skew between partitions it reads together.
 */
@Internal
public final class EventTime {

    private EventTime() {}

    public static WatermarkStrategy<DecodedEvent> watermarks(WindowSettings window) {
        WatermarkStrategy<DecodedEvent> strategy = WatermarkStrategy.<DecodedEvent>forBoundedOutOfOrderness(
                        window.outOfOrderness())
                .withTimestampAssigner(new MeasurementTime());
        return window.idleness().isZero() ? strategy : strategy.withIdleness(window.idleness());
    }

    /** A measurement's time is when the device took it. */
    static final class MeasurementTime implements SerializableTimestampAssigner<DecodedEvent> {

        private static final long serialVersionUID = 1L;

        @Override
        public long extractTimestamp(DecodedEvent decoded, long recordTimestamp) {
            return decoded.event().getEventTime().toEpochMilli();
        }
    }
}
