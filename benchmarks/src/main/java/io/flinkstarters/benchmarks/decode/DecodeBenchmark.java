package io.flinkstarters.benchmarks.decode;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.benchmarks.harness.EventFeed;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.HealthEventDecoder;
import java.io.IOException;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificDatumReader;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Benchmark 4 (JMH): decoding a {@code HealthEvent} from plain Avro binary, per record.
 *
 * <ul>
 *   <li>{@link #jobDecoder}: the job's path, {@code HealthEventDecoder}: the fields read directly from the
 *       bytes, every length checked against the bytes left, then the end-of-value check;
 *   <li>{@link #avroGuardedReader}: the job's previous path, for before and after: the structure walked
 *       with {@code GenericDatumReader.skip} as the allocation guard, the end-of-value check, then
 *       {@code SpecificDatumReader} into a new record;
 *   <li>{@link #specificReader}: Avro's reader into a new record, decoder reused, no guard;
 *   <li>{@link #specificReaderReusingRecord}: the same, reusing the record;
 *   <li>{@link #handWrittenLoop}: the fields read one by one with {@code BinaryDecoder} into a new
 *       record, unguarded: the ceiling the issue names for a decoder that produces the same object.
 * </ul>
 * The input is 1,024 realistic events ({@link EventFeed}), cycled.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class DecodeBenchmark {

    private static final int EVENTS = 1024;
    private static final MetricType[] METRICS = MetricType.values();

    private byte[][] values;
    private int next;
    private HealthEventDecoder decoder;
    private SpecificDatumReader<HealthEvent> reader;
    private BinaryDecoder binary;
    private BinaryDecoder structure;
    private HealthEvent reused;

    @Setup
    public void setUp() {
        EventFeed feed = new EventFeed(
                new EventFeed.Shape(EVENTS, 1_000, 1000, 0, 0, 0, 42),
                HealthJobSettings.from(ConfigFactory.empty()),
                Instant.now().minusSeconds(EVENTS));
        values = new byte[EVENTS][];
        for (int i = 0; i < EVENTS; i++) {
            values[i] = feed.next().value();
        }
        decoder = new HealthEventDecoder();
        reader = new SpecificDatumReader<>(HealthEvent.class);
        reused = new HealthEvent();
        // A failure is cheaper than a decoded event: make sure the job's path is timed on the work it does.
        for (byte[] value : values) {
            if (decoder.decode(value).event().isEmpty()) {
                throw new IllegalStateException("the job's decoder rejects a benchmark input: "
                        + decoder.decode(value).failure().orElseThrow());
            }
        }
    }

    private byte[] nextValue() {
        next = (next + 1) & (EVENTS - 1);
        return values[next];
    }

    @Benchmark
    public HealthEventDecoder.Result jobDecoder() {
        return decoder.decode(nextValue());
    }

    @Benchmark
    public HealthEvent avroGuardedReader() throws IOException {
        byte[] value = nextValue();
        structure = DecoderFactory.get().binaryDecoder(value, structure);
        GenericDatumReader.skip(HealthEvent.getClassSchema(), structure);
        if (!structure.isEnd()) {
            throw new IllegalStateException("trailing bytes in a benchmark input");
        }
        binary = DecoderFactory.get().binaryDecoder(value, binary);
        return reader.read(null, binary);
    }

    @Benchmark
    public HealthEvent specificReader() throws IOException {
        binary = DecoderFactory.get().binaryDecoder(nextValue(), binary);
        return reader.read(null, binary);
    }

    @Benchmark
    public HealthEvent specificReaderReusingRecord() throws IOException {
        binary = DecoderFactory.get().binaryDecoder(nextValue(), binary);
        reused = reader.read(reused, binary);
        return reused;
    }

    @Benchmark
    public HealthEvent handWrittenLoop() throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(nextValue(), binary);
        binary = in;
        String eventId = in.readString();
        String userId = in.readString();
        String deviceId = in.readString();
        MetricType metric = METRICS[in.readEnum()];
        double value = in.readDouble();
        String unit = in.readString();
        long eventTime = in.readLong();
        String source;
        if (in.readIndex() == 0) {
            in.readNull();
            source = null;
        } else {
            source = in.readString();
        }
        return new HealthEvent(eventId, userId, deviceId, metric, value, unit, Instant.ofEpochMilli(eventTime), source);
    }
}
