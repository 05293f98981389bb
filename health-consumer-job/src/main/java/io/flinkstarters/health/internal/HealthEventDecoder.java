package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthEvent;
import java.io.EOFException;
import java.io.IOException;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Decodes a Kafka value into a {@link HealthEvent} (plain Avro binary, the encoding of Flink's
 * {@code AvroSerializationSchema}), or says why it cannot. Never throws.
 *
 * <p>Plain Avro binary does not describe itself, so two guards make "decoded" mean "is a HealthEvent":
 *
 * <ul>
 *   <li>the structure is walked first with {@link GenericDatumReader#skip}, which reads every length and
 *       index but allocates nothing. Avro's decoder allocates a string's buffer from its length prefix
 *       before checking the bytes exist, so garbage announcing a 2 GB string would otherwise cost a
 *       2 GB allocation (an OutOfMemoryError restarts the job: exactly what bad data must not do);
 *   <li>the value must end exactly where the record ends: trailing bytes mean another schema or garbage
 *       that happens to start like a HealthEvent.
 * </ul>
 *
 * Not thread-safe (it reuses a decoder); one instance per operator subtask.
 */
public final class HealthEventDecoder {

    /** Longest detail copied from an exception into a reason: enough to diagnose, not a payload dump. */
    private static final int MAX_DETAIL = 200;

    private static final Schema SCHEMA = HealthEvent.getClassSchema();

    private final SpecificDatumReader<HealthEvent> reader = new SpecificDatumReader<>(HealthEvent.class);
    private BinaryDecoder structure;
    private BinaryDecoder decoder;

    /** The outcome: exactly one of event and failure is present. */
    public record Result(Optional<HealthEvent> event, Optional<String> failure) {

        static Result decoded(HealthEvent event) {
            return new Result(Optional.of(event), Optional.empty());
        }

        static Result undecodable(String detail) {
            return new Result(Optional.empty(), Optional.of(detail));
        }
    }

    public Result decode(byte[] value) {
        if (value == null || value.length == 0) {
            return Result.undecodable("no value (an empty record or a tombstone)");
        }
        try {
            structure = DecoderFactory.get().binaryDecoder(value, structure);
            GenericDatumReader.skip(SCHEMA, structure);
            if (!structure.isEnd()) {
                return Result.undecodable("trailing bytes after a complete HealthEvent (" + value.length
                        + " bytes in all): another schema, or not Avro at all");
            }
            decoder = DecoderFactory.get().binaryDecoder(value, decoder);
            return Result.decoded(reader.read(null, decoder));
        } catch (EOFException e) {
            return Result.undecodable("truncated: the value ends before a HealthEvent is complete (" + value.length + " bytes)");
        } catch (IOException | RuntimeException e) {
            return Result.undecodable("not a HealthEvent: " + detail(e));
        }
    }

    private static String detail(Exception e) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL) + "...";
    }
}
