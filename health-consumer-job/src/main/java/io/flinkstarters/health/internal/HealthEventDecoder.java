package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/**
 * Decodes a Kafka value into a {@link HealthEvent} (plain Avro binary, the encoding of Flink's
 * {@code AvroSerializationSchema}), or says why it cannot. Never throws.
 *
 * <p>It reads the eight fields itself ({@link AvroBinaryCursor}) rather than with Avro's reader:
 *
 * <ul>
 *   <li><b>as the guard:</b> Avro's decoder allocates a string's buffer from its length prefix before
 *       checking the bytes exist, so garbage announcing a 2 GB string would cost a 2 GB allocation (an
 *       OutOfMemoryError restarts the job: exactly what bad data must not do). Here every length is
 *       checked against the bytes left first. Plain Avro binary does not describe itself, so the value
 *       must also end exactly where the record ends: trailing bytes mean another schema, or garbage that
 *       happens to start like a HealthEvent;
 *   <li><b>for speed:</b> Avro's reader, guarded by a structure walk before it, cost several times as much
 *       (benchmark 4 in docs/BENCHMARKS.md).
 * </ul>
 *
 * Tests hold the result to Avro's own (generated and fuzzed inputs), and fail when HealthEvent.avsc changes:
 * then change {@code read} with it. Stateless, so thread-safe.
 */
@Internal
public final class HealthEventDecoder {

    private static final MetricType[] METRIC_TYPES = MetricType.values();

    /** Longest detail copied from an exception into a reason: enough to diagnose, not a payload dump. */
    private static final int MAX_DETAIL = 200;

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
        AvroBinaryCursor in = new AvroBinaryCursor(value);
        try {
            HealthEvent event = read(in);
            if (!in.isEnd()) {
                return Result.undecodable("trailing bytes after a complete HealthEvent (" + value.length
                        + " bytes in all): another schema, or not Avro at all");
            }
            return Result.decoded(event);
        } catch (AvroBinaryCursor.Truncated e) {
            return Result.undecodable("truncated: the value ends before a HealthEvent is complete (" + value.length
                    + " bytes; " + e.getMessage() + ")");
        } catch (AvroBinaryCursor.Malformed e) {
            return Result.undecodable("not a HealthEvent: " + e.getMessage());
        } catch (RuntimeException e) {
            // A bug here must become a dead letter, not a record that fails the job on every restart.
            return Result.undecodable("not a HealthEvent: " + detail(e));
        }
    }

    /** The fields of HealthEvent.avsc, in its order. */
    private static HealthEvent read(AvroBinaryCursor in) throws AvroBinaryCursor.Truncated, AvroBinaryCursor.Malformed {
        String eventId = in.readString();
        String userId = in.readString();
        String deviceId = in.readString();
        MetricType metricType = metricType(in.readInt());
        double measured = in.readDouble();
        String unit = in.readString();
        long eventTime = in.readLong();
        String source = optionalString(in);
        return new HealthEvent(
                eventId, userId, deviceId, metricType, measured, unit, Instant.ofEpochMilli(eventTime), source);
    }

    private static MetricType metricType(int index) throws AvroBinaryCursor.Malformed {
        if (index < 0 || index >= METRIC_TYPES.length) {
            throw new AvroBinaryCursor.Malformed(
                    "metricType " + index + " is not one of the " + METRIC_TYPES.length + " MetricType symbols");
        }
        return METRIC_TYPES[index];
    }

    /** The union [null, string]: branch 0 is null, branch 1 a string. */
    private static String optionalString(AvroBinaryCursor in)
            throws AvroBinaryCursor.Truncated, AvroBinaryCursor.Malformed {
        int branch = in.readInt();
        return switch (branch) {
            case 0 -> null;
            case 1 -> in.readString();
            default -> throw new AvroBinaryCursor.Malformed("source has union branch " + branch + " of [null, string]");
        };
    }

    private static String detail(Exception e) {
        String message = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        return message.length() <= MAX_DETAIL ? message : message.substring(0, MAX_DETAIL) + "...";
    }
}
