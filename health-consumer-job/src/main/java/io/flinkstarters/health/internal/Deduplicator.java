package io.flinkstarters.health.internal;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets the first measurement with an event id through and drops later ones, so a producer retry does
 * not count twice. The ids seen are kept per id with a TTL (processing time, from the first sighting)
 * so the state does not grow forever. A copy arriving after the TTL passes again, which is why the TTL
 * must outlast any window the copy could still change.
 *
 * <p>Keyed by user and metric, like the windows it feeds, not by event id: a retry is the same record,
 * so it has the same user and metric, and keyed alike the two operators run chained in one task, so a
 * measurement crosses the network once instead of twice (the second shuffle cost about a fifth of the
 * job's CPU, docs/BENCHMARKS.md). The ids of one key live in one map state, each entry with its own TTL.
 */
@Internal
public final class Deduplicator extends KeyedProcessFunction<UserMetric, DecodedEvent, DecodedEvent> {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient MapState<String, Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open(OpenContext context) {
        MapStateDescriptor<String, Boolean> descriptor = new MapStateDescriptor<>("seen", Types.STRING, Types.BOOLEAN);
        // Written once, never updated: the TTL counts from the first sighting, and an expired flag is
        // never returned (a copy after the TTL is a new measurement as far as the job can tell).
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        seen = getRuntimeContext().getMapState(descriptor);
        duplicates = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.DUPLICATES_DROPPED);
    }

    @Override
    public void processElement(DecodedEvent decoded, Context context, Collector<DecodedEvent> out) throws Exception {
        String eventId = decoded.event().getEventId();
        if (seen.get(eventId) != null) {
            duplicates.inc();
            return;
        }
        seen.put(eventId, Boolean.TRUE);
        out.collect(decoded);
    }
}
