package io.flinkstarters.health.internal;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.operators.AbstractStreamOperator;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Lets the first measurement with an event id through and drops later ones, so a producer retry does
 * not count twice. The ids seen are kept with a TTL (processing time, from the first sighting) so the
 * state does not grow forever. A copy arriving after the TTL passes again, which is why the TTL must
 * outlast any window the copy could still change.
 *
 * <p>Keyed by user and metric, like the windows it feeds, not by event id: a retry is the same record,
 * so it has the same user and metric, and keyed alike the two operators run chained in one task, so a
 * measurement crosses the network once instead of twice (the second shuffle cost about a fifth of the
 * job's CPU, docs/BENCHMARKS.md). Within a key, each id is its own state entry, the "seen" flag in the
 * id's namespace: an operator rather than a process function, because only an operator can pick the
 * namespace. A map of ids per key would not do: on the heap backend the TTL's incremental cleanup copies
 * a whole map per visit, and the job slowed down about twentyfold.
 */
@Internal
public final class Deduplicator extends AbstractStreamOperator<DecodedEvent>
        implements OneInputStreamOperator<DecodedEvent, DecodedEvent> {

    private static final long serialVersionUID = 1L;

    private final Duration ttl;
    private transient ValueStateDescriptor<Boolean> seen;
    private transient Counter duplicates;

    public Deduplicator(Duration ttl) {
        this.ttl = ttl;
    }

    @Override
    public void open() throws Exception {
        super.open();
        seen = new ValueStateDescriptor<>("seen", Types.BOOLEAN);
        // Written once, never updated: the TTL counts from the first sighting, and an expired flag is
        // never returned (a copy after the TTL is a new measurement as far as the job can tell).
        seen.enableTimeToLive(StateTtlConfig.newBuilder(ttl)
                .updateTtlOnCreateAndWrite()
                .neverReturnExpired()
                .build());
        duplicates = HealthMetrics.counter(getMetricGroup(), HealthMetrics.DUPLICATES_DROPPED);
    }

    @Override
    public void processElement(StreamRecord<DecodedEvent> element) throws Exception {
        ValueState<Boolean> flag =
                getPartitionedState(element.getValue().event().getEventId(), StringSerializer.INSTANCE, seen);
        if (flag.value() != null) {
            duplicates.inc();
            return;
        }
        flag.update(Boolean.TRUE);
        output.collect(element);
    }
}
