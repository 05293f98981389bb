package io.flinkstarters.health.internal;

import io.flinkstarters.health.WindowSettings;
import io.flinkstarters.health.avro.HealthAggregate;
import java.time.Instant;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Event-time tumbling windows of one user's measurements of one metric, aligned to the epoch: each
 * window folds its measurements into one {@link MetricStats} and emits its {@link HealthAggregate} when
 * the watermark passes its end, and again, updated, for every measurement that arrives later but within
 * the allowed lateness; a measurement later than that goes to the {@code late} side output.
 *
 * <p>That is what Flink's window operator does with an aggregate function, the event-time trigger and
 * allowed lateness, with one difference that matters for speed: a window's two timers (its end, and its
 * cleanup once the allowed lateness has passed) are registered once, by its first measurement. Flink's
 * operator registers both again for every measurement, and with timers kept in RocksDB each
 * registration serializes the timer and writes it, even when it already exists (the largest single
 * cost of the job on RocksDB, docs/BENCHMARKS.md). Whether a window is new costs nothing extra here:
 * the lookup that reads its statistics to update them tells.
 *
 * <p>Timers are per key and time, so one timer can be a window's end and, when the allowed lateness is
 * a multiple of the window size, an older window's cleanup too; {@link #onTimer} handles both. An update
 * emitted for a late measurement carries that measurement's timestamp (Flink's operator gave it the
 * window's end); the aggregate's own window bounds are the same either way.
 */
@Internal
public final class MetricWindows extends KeyedProcessFunction<UserMetric, DecodedEvent, HealthAggregate> {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long allowedLateness;
    private final OutputTag<DecodedEvent> late;
    /** Open windows' statistics by window start: with allowed lateness a key has more than one window open. */
    private transient MapState<Long, MetricStats> windows;

    private transient Counter aggregatesOut;

    public MetricWindows(WindowSettings settings, OutputTag<DecodedEvent> late) {
        this.size = settings.size().toMillis();
        this.allowedLateness = settings.allowedLateness().toMillis();
        this.late = late;
    }

    @Override
    public void open(OpenContext context) {
        windows = getRuntimeContext().getMapState(new MapStateDescriptor<>("windows", Types.LONG, MetricStats.TYPE));
        aggregatesOut = HealthMetrics.counter(getRuntimeContext(), HealthMetrics.AGGREGATES_OUT);
    }

    @Override
    public void processElement(DecodedEvent decoded, Context context, Collector<HealthAggregate> out) throws Exception {
        Long timestamp = context.timestamp();
        if (timestamp == null) {
            throw new IllegalStateException("A measurement without event time reached the windows: " + decoded.raw());
        }
        long start = TimeWindow.getWindowStartWithOffset(timestamp, 0, size);
        long end = start + size - 1; // the window's last millisecond, as Flink's TimeWindow.maxTimestamp()
        long watermark = context.timerService().currentWatermark();
        if (end + allowedLateness <= watermark) {
            context.output(late, decoded);
            return;
        }
        MetricStats before = windows.get(start);
        MetricStats after = (before == null ? MetricStats.EMPTY : before)
                .add(decoded.event().getValue());
        windows.put(start, after);
        boolean closed = end <= watermark;
        if (before == null) {
            if (!closed) {
                context.timerService().registerEventTimeTimer(end);
            }
            if (allowedLateness > 0) {
                context.timerService().registerEventTimeTimer(end + allowedLateness);
            }
        }
        if (closed) {
            emit(context.getCurrentKey(), start, after, out);
        }
    }

    @Override
    public void onTimer(long time, OnTimerContext context, Collector<HealthAggregate> out) throws Exception {
        if (isWindowEnd(time)) {
            long start = time - size + 1;
            MetricStats stats = windows.get(start);
            if (stats != null) {
                emit(context.getCurrentKey(), start, stats, out);
            }
        }
        if (isWindowEnd(time - allowedLateness)) {
            windows.remove(time - allowedLateness - size + 1);
        }
    }

    private boolean isWindowEnd(long time) {
        return Math.floorMod(time + 1, size) == 0;
    }

    private void emit(UserMetric key, long start, MetricStats stats, Collector<HealthAggregate> out) {
        aggregatesOut.inc();
        out.collect(HealthAggregate.newBuilder()
                .setUserId(key.userId())
                .setMetricType(key.metric())
                .setWindowStart(Instant.ofEpochMilli(start))
                .setWindowEnd(Instant.ofEpochMilli(start + size))
                .setCount(stats.count())
                .setMin(stats.min())
                .setMax(stats.max())
                .setMean(stats.mean())
                .setSum(AdditiveMetrics.isAdditive(key.metric()) ? stats.sum() : null)
                .build());
    }
}
