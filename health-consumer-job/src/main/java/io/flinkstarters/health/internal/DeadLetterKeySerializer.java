package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.DeadLetter;
import java.nio.ByteBuffer;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.serialization.SerializationSchema;

/** Keys a dead letter by the original record's key, so a fixed record replayed from it lands where the original would have. */
@Internal
public final class DeadLetterKeySerializer implements SerializationSchema<DeadLetter> {

    private static final long serialVersionUID = 1L;

    @Override
    public byte[] serialize(DeadLetter deadLetter) {
        ByteBuffer key = deadLetter.getKey();
        if (key == null) {
            return null;
        }
        // Read through a duplicate: the record's buffer position must stay where it is.
        ByteBuffer view = key.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
