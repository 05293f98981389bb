package io.flinkstarters.health;

import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.DecodedEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** Valid measurements with sensible defaults; tests change only what they are about. */
public final class TestEvents {

    public static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");
    public static final String TOPIC = "health-events";

    private static final AtomicLong OFFSETS = new AtomicLong();

    private TestEvents() {}

    public static HealthEvent.Builder heartRate(double bpm) {
        return event(MetricType.HEART_RATE, bpm, "bpm");
    }

    public static HealthEvent.Builder steps(double steps) {
        return event(MetricType.STEPS, steps, "steps");
    }

    public static HealthEvent.Builder event(MetricType metricType, double value, String unit) {
        return HealthEvent.newBuilder()
                .setEventId("event-" + OFFSETS.incrementAndGet())
                .setUserId("user-1")
                .setDeviceId("watch-1")
                .setMetricType(metricType)
                .setValue(value)
                .setUnit(unit)
                .setEventTime(T0)
                .setSource(null);
    }

    /** The record a producer would have written for this event, at a fresh offset. */
    public static RawEvent raw(HealthEvent event) {
        return raw(event.getUserId().getBytes(StandardCharsets.UTF_8), AvroBytes.encode(event));
    }

    public static RawEvent raw(byte[] key, byte[] value) {
        return new RawEvent(TOPIC, 0, OFFSETS.incrementAndGet(), T0.toEpochMilli(), key, value);
    }

    public static DecodedEvent decoded(HealthEvent event) {
        return new DecodedEvent(event, raw(event));
    }
}
