package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.HealthAggregate;
import java.time.Instant;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/** Turns a window's statistics into the output record, adding what only the window knows: its key and bounds. */
@Internal
public final class ToHealthAggregate
        extends ProcessWindowFunction<MetricStats, HealthAggregate, UserMetric, TimeWindow> {

    private static final long serialVersionUID = 1L;

    private transient Counter aggregatesOut;

    @Override
    public void open(OpenContext context) {
        aggregatesOut = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.AGGREGATES_OUT);
    }

    @Override
    public void process(
            UserMetric key, Context context, Iterable<MetricStats> results, Collector<HealthAggregate> out) {
        // An incremental aggregate hands over exactly one result per firing.
        MetricStats stats = results.iterator().next();
        TimeWindow window = context.window();
        aggregatesOut.inc();
        out.collect(HealthAggregate.newBuilder()
                .setUserId(key.userId())
                .setMetricType(key.metric())
                .setWindowStart(Instant.ofEpochMilli(window.getStart()))
                .setWindowEnd(Instant.ofEpochMilli(window.getEnd()))
                .setCount(stats.count())
                .setMin(stats.min())
                .setMax(stats.max())
                .setMean(stats.mean())
                .setSum(AdditiveMetrics.isAdditive(key.metric()) ? stats.sum() : null)
                .build());
    }
}
