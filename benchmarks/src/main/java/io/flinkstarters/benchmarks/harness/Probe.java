package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.health.RawEvent;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Where the harness watches the job: an identity map chained to the source that counts the records
 * read and notes, per subtask, how far behind their production (Kafka timestamp) the latest one was.
 * The harness reads both through this object: the MiniCluster runs in the harness's JVM, and the
 * readings are kept per probe id in a static map because Flink works on a deserialized copy of the
 * function.
 *
 * <p>Cost: one {@link LongAdder} increment and one clock read per record.
 */
public final class Probe {

    private static final Map<String, Readings> READINGS = new ConcurrentHashMap<>();
    private static final int MAX_SUBTASKS = 64;

    private final String id = UUID.randomUUID().toString();

    public Probe() {
        READINGS.put(id, new Readings());
    }

    /** Records read by the source so far, over all subtasks and restarts. */
    public long records() {
        return READINGS.get(id).records.sum();
    }

    /** Per subtask: milliseconds between production and reading of its latest record (-1 before its first). */
    public long[] lagMillis(int subtasks) {
        long[] lags = new long[subtasks];
        for (int i = 0; i < subtasks; i++) {
            lags[i] = READINGS.get(id).lag.get(i);
        }
        return lags;
    }

    /** Forgets the lags (e.g. before a fault), so that only records read afterwards count. */
    public void resetLag() {
        Readings readings = READINGS.get(id);
        for (int i = 0; i < MAX_SUBTASKS; i++) {
            readings.lag.set(i, -1);
        }
    }

    public DataStream<RawEvent> applyTo(DataStream<RawEvent> raw) {
        return raw.map(new ProbeFunction(id))
                .returns(raw.getType())
                .name("bench-probe")
                .uid("bench-probe");
    }

    private static final class Readings {
        final LongAdder records = new LongAdder();
        final AtomicLongArray lag = new AtomicLongArray(MAX_SUBTASKS);

        Readings() {
            for (int i = 0; i < MAX_SUBTASKS; i++) {
                lag.set(i, -1);
            }
        }
    }

    private static final class ProbeFunction extends RichMapFunction<RawEvent, RawEvent> {
        private static final long serialVersionUID = 1L;

        private final String id;
        private transient Readings readings;
        private transient int subtask;

        ProbeFunction(String id) {
            this.id = id;
        }

        @Override
        public void open(OpenContext context) {
            readings = READINGS.get(id);
            subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
        }

        @Override
        public RawEvent map(RawEvent raw) {
            readings.records.increment();
            readings.lag.lazySet(subtask, System.currentTimeMillis() - raw.timestamp());
            return raw;
        }
    }
}
