package io.flinkstarters.health.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.AggregateFunction;

/** Folds measurements into {@link MetricStats} incrementally, so a window's state stays one small record. */
@Internal
public final class MetricStatsAggregate implements AggregateFunction<DecodedEvent, MetricStats, MetricStats> {

    private static final long serialVersionUID = 1L;

    @Override
    public MetricStats createAccumulator() {
        return MetricStats.EMPTY;
    }

    @Override
    public MetricStats add(DecodedEvent decoded, MetricStats accumulator) {
        return accumulator.add(decoded.event().getValue());
    }

    @Override
    public MetricStats getResult(MetricStats accumulator) {
        return accumulator;
    }

    @Override
    public MetricStats merge(MetricStats left, MetricStats right) {
        return left.merge(right);
    }
}
