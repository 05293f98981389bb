package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flinkstarters.health.AvroBytes;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** What crosses the shuffles is the raw record; what arrives must be the event that left, field for field. */
class DecodedEventSerializerTest {

    private final TypeSerializer<DecodedEvent> serializer =
            DecodedEvent.TYPE.createSerializer(new SerializerConfigImpl());

    @Test
    void theTypeShipsWithThisSerializer() {
        assertThat(serializer).isSameAs(DecodedEventSerializer.INSTANCE);
    }

    @Test
    void everyEventArrivesAsItLeft() throws IOException {
        List<DecodedEvent> sent = events();
        DataOutputSerializer out = new DataOutputSerializer(256);
        for (DecodedEvent event : sent) {
            serializer.serialize(event, out);
        }

        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        List<DecodedEvent> received = new ArrayList<>();
        for (int i = 0; i < sent.size(); i++) {
            received.add(serializer.deserialize(in));
        }

        assertThat(received).isEqualTo(sent);
        assertThat(in.available()).isZero();
    }

    @Test
    void copyingSerializedBytesReproducesThem() throws IOException {
        DataOutputSerializer original = new DataOutputSerializer(256);
        for (DecodedEvent event : events()) {
            serializer.serialize(event, original);
        }
        byte[] bytes = original.getCopyOfBuffer();

        DataInputDeserializer in = new DataInputDeserializer(bytes);
        DataOutputSerializer copied = new DataOutputSerializer(256);
        while (in.available() > 0) {
            serializer.copy(in, copied);
        }

        assertThat(copied.getCopyOfBuffer()).isEqualTo(bytes);
    }

    @Test
    void aCopySharesNoBytesWithTheOriginal() {
        DecodedEvent original = TestEvents.decoded(TestEvents.heartRate(61).build());

        DecodedEvent copy = serializer.copy(original);

        assertThat(copy).isEqualTo(original);
        assertThat(copy.raw().value()).isNotSameAs(original.raw().value());
        assertThat(copy.raw().key()).isNotSameAs(original.raw().key());
    }

    @Test
    void aRestoredSnapshotIsCompatibleAsIs() throws IOException {
        TypeSerializerSnapshot<DecodedEvent> snapshot = serializer.snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        snapshot.writeSnapshot(out);

        TypeSerializerSnapshot<DecodedEvent> restored = new DecodedEventSerializer.Snapshot();
        restored.readSnapshot(
                snapshot.getCurrentVersion(),
                new DataInputDeserializer(out.getCopyOfBuffer()),
                getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isSameAs(DecodedEventSerializer.INSTANCE);
        TypeSerializerSchemaCompatibility<DecodedEvent> compatibility =
                serializer.snapshotConfiguration().resolveSchemaCompatibility(restored);
        assertThat(compatibility.isCompatibleAsIs()).isTrue();
    }

    @Test
    void aRecordWhoseBytesDoNotDecodeIsRefusedNotInvented() throws IOException {
        RawEvent garbage = new RawEvent("health-events", 0, 1, 0, null, new byte[] {1, 2, 3});
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(new DecodedEvent(TestEvents.heartRate(60).build(), garbage), out);

        assertThatThrownBy(() -> serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no longer decodes");
    }

    /** Every metric, with and without key and source, odd strings and values. */
    private static List<DecodedEvent> events() {
        List<DecodedEvent> events = new ArrayList<>();
        for (MetricType metric : MetricType.values()) {
            events.add(TestEvents.decoded(TestEvents.event(metric, 42.5, "unit")
                    .setSource("app-" + metric)
                    .build()));
        }
        HealthEvent odd = TestEvents.heartRate(Double.NaN)
                .setUserId("ユーザー 😀")
                .setDeviceId("")
                .setEventTime(Instant.ofEpochMilli(-1))
                .build();
        events.add(TestEvents.decoded(odd));
        events.add(new DecodedEvent(
                odd, new RawEvent("topic", 7, Long.MAX_VALUE, Long.MIN_VALUE, null, AvroBytes.encode(odd))));
        return events;
    }
}
