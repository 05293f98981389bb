package io.flinkstarters.health.internal;

import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.avro.DeadLetter;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Builds dead letters and names the side output every rejecting step writes them to. */
@Internal
public final class DeadLetters {

    public static final TypeInformation<DeadLetter> TYPE = TypeInformation.of(DeadLetter.class);

    /** Where decoding and validation put the records they reject. */
    public static final OutputTag<DeadLetter> TAG = new OutputTag<>("dead-letters", TYPE);

    private static final byte[] NO_VALUE = new byte[0];

    private DeadLetters() {}

    /**
     * @param timeMillis when the job rejected the record (processing time)
     */
    public static DeadLetter of(RawEvent raw, String reason, long timeMillis) {
        return DeadLetter.newBuilder()
                .setOriginal(ByteBuffer.wrap(raw.value() == null ? NO_VALUE : raw.value()))
                .setKey(raw.key() == null ? null : ByteBuffer.wrap(raw.key()))
                .setTopic(raw.topic())
                .setPartition(raw.partition())
                .setOffset(raw.offset())
                .setReason(reason)
                .setTime(Instant.ofEpochMilli(timeMillis))
                .build();
    }
}
