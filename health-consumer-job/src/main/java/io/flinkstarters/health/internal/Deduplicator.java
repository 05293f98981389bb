package io.flinkstarters.health.internal;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first measurement with an event id through and drops later ones, so a producer retry does
 * not count twice. Keyed by event id; the "seen" flag lives in keyed state with a TTL (processing time,
 * from the first sighting) so the state does not grow forever. A copy arriving after the TTL passes
 * again, which is why the TTL must outlast any window the copy could still change.
 */
@Internal
public final class Deduplicator extends KeyedProcessFunction<String, DecodedEvent, DecodedEvent> {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient ValueState<Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration ttl) {
        this.ttl = ttl;
    }

    /** Keys measurements by event id. */
    public static KeySelector<DecodedEvent, String> byEventId() {
        return new EventIdKey();
    }

    @Override
    public void open(OpenContext context) {
        ValueStateDescriptor<Boolean> descriptor = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        // Written once, never updated: the TTL counts from the first sighting, and an expired flag is
        // never returned (a copy after the TTL is a new measurement as far as the job can tell).
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        seen = getRuntimeContext().getState(descriptor);
        duplicates = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.DUPLICATES_DROPPED);
    }

    @Override
    public void processElement(DecodedEvent decoded, Context context, Collector<DecodedEvent> out) throws Exception {
        if (seen.value() != null) {
            duplicates.inc();
            return;
        }
        seen.update(Boolean.TRUE);
        out.collect(decoded);
    }

    private static final class EventIdKey implements KeySelector<DecodedEvent, String> {

        private static final long serialVersionUID = 1L;

        @Override
        public String getKey(DecodedEvent decoded) {
            return decoded.event().getEventId();
        }
    }
}
