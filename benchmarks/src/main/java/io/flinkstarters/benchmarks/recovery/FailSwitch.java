package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.health.RawEvent;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * An identity map that throws on the first record after the harness arms it: an operator exception at
 * a moment the harness chooses and knows. (The testkit's {@code OperatorFailure} fires after a record
 * count, once per job, which is right for correctness tests but leaves the benchmark without the
 * instant of the fault and without repetitions.) The switch lives in this JVM, as the MiniCluster does.
 */
final class FailSwitch {

    private static final Map<String, AtomicBoolean> ARMED = new ConcurrentHashMap<>();

    private final String id = UUID.randomUUID().toString();

    FailSwitch() {
        ARMED.put(id, new AtomicBoolean());
    }

    void arm() {
        ARMED.get(id).set(true);
    }

    DataStream<RawEvent> applyTo(DataStream<RawEvent> raw) {
        return raw.map(new Switch(id))
                .returns(raw.getType())
                .name("bench-fail-switch")
                .uid("bench-fail-switch");
    }

    /** The exception it throws; recognizable in the job's exception history. */
    static final class InjectedException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedException() {
            super("benchmark fault: operator exception");
        }
    }

    private record Switch(String id) implements MapFunction<RawEvent, RawEvent> {
        private static final long serialVersionUID = 1L;

        @Override
        public RawEvent map(RawEvent raw) {
            if (ARMED.get(id).compareAndSet(true, false)) {
                throw new InjectedException();
            }
            return raw;
        }
    }
}
