package io.flinkstarters.health.internal;

import io.flinkstarters.health.RawEvent;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Ships a {@link DecodedEvent} between operators as the Kafka record it was decoded from, and decodes
 * that again on arrival. The raw record travels anyway (a late event becomes a dead letter with its
 * original bytes), every field of the event is in it, and decoding it again costs less than writing and
 * reading the event a second time with Avro's serializer (benchmark 4 in docs/BENCHMARKS.md).
 *
 * <p>Relies on {@link DecodedEvent}'s invariant: its event is what its raw value decodes to.
 */
@Internal
public final class DecodedEventSerializer extends TypeSerializerSingleton<DecodedEvent> {

    private static final long serialVersionUID = 1L;

    public static final DecodedEventSerializer INSTANCE = new DecodedEventSerializer();

    /** Stateless, so one serves every thread. */
    private static final HealthEventDecoder DECODER = new HealthEventDecoder();

    private static final int NO_BYTES = -1;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public DecodedEvent createInstance() {
        return null;
    }

    @Override
    public DecodedEvent copy(DecodedEvent from) {
        RawEvent raw = from.raw();
        return decoded(new RawEvent(
                raw.topic(), raw.partition(), raw.offset(), raw.timestamp(), clone(raw.key()), clone(raw.value())));
    }

    @Override
    public DecodedEvent copy(DecodedEvent from, DecodedEvent reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public void serialize(DecodedEvent record, DataOutputView target) throws IOException {
        RawEvent raw = record.raw();
        StringSerializer.INSTANCE.serialize(raw.topic(), target);
        target.writeInt(raw.partition());
        target.writeLong(raw.offset());
        target.writeLong(raw.timestamp());
        writeBytes(raw.key(), target);
        writeBytes(raw.value(), target);
    }

    @Override
    public DecodedEvent deserialize(DataInputView source) throws IOException {
        return decoded(new RawEvent(
                StringSerializer.INSTANCE.deserialize(source),
                source.readInt(),
                source.readLong(),
                source.readLong(),
                readBytes(source),
                readBytes(source)));
    }

    @Override
    public DecodedEvent deserialize(DecodedEvent reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        StringSerializer.INSTANCE.copy(source, target);
        target.writeInt(source.readInt());
        target.writeLong(source.readLong());
        target.writeLong(source.readLong());
        writeBytes(readBytes(source), target);
        writeBytes(readBytes(source), target);
    }

    @Override
    public TypeSerializerSnapshot<DecodedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    private static DecodedEvent decoded(RawEvent raw) {
        HealthEventDecoder.Result result = DECODER.decode(raw.value());
        return new DecodedEvent(
                result.event()
                        .orElseThrow(() -> new IllegalStateException("A decoded event's raw value no longer decodes ("
                                + result.failure().orElseThrow() + "): " + raw)),
                raw);
    }

    private static void writeBytes(byte[] bytes, DataOutputView target) throws IOException {
        if (bytes == null) {
            target.writeInt(NO_BYTES);
        } else {
            target.writeInt(bytes.length);
            target.write(bytes);
        }
    }

    private static byte[] readBytes(DataInputView source) throws IOException {
        int length = source.readInt();
        if (length == NO_BYTES) {
            return null;
        }
        byte[] bytes = new byte[length];
        source.readFully(bytes);
        return bytes;
    }

    private static byte[] clone(byte[] bytes) {
        return bytes == null ? null : bytes.clone();
    }

    /** No configuration to write: the format is fixed (a new format would be a new snapshot version). */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<DecodedEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
