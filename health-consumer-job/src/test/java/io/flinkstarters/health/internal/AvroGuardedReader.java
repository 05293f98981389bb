package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthEvent;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * The reference {@link HealthEventDecoder} must agree with: Avro's own reader, guarded as the job once did
 * (walk the structure with {@code GenericDatumReader.skip}, require the value to end there, then
 * {@code SpecificDatumReader}). The walk keeps hostile length prefixes from allocating.
 */
final class AvroGuardedReader {

    private final SpecificDatumReader<HealthEvent> reader = new SpecificDatumReader<>(HealthEvent.class);

    Optional<HealthEvent> read(byte[] value) {
        try {
            BinaryDecoder structure = DecoderFactory.get().binaryDecoder(value, null);
            GenericDatumReader.skip(HealthEvent.getClassSchema(), structure);
            if (!structure.isEnd()) {
                return Optional.empty();
            }
            return Optional.of(reader.read(null, DecoderFactory.get().binaryDecoder(value, null)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
