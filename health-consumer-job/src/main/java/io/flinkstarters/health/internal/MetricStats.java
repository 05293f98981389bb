package io.flinkstarters.health.internal;

import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.typeinfo.TypeInformation;

/**
 * Running statistics of one window: all a window keeps in state, whatever the number of measurements.
 * Immutable; {@link #add} and {@link #merge} return new values.
 */
@Internal
public record MetricStats(long count, double min, double max, double sum) {

    public static final TypeInformation<MetricStats> TYPE = TypeInformation.of(MetricStats.class);

    public static final MetricStats EMPTY = new MetricStats(0, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 0);

    public MetricStats add(double value) {
        return new MetricStats(count + 1, Math.min(min, value), Math.max(max, value), sum + value);
    }

    public MetricStats merge(MetricStats other) {
        return new MetricStats(
                count + other.count, Math.min(min, other.min), Math.max(max, other.max), sum + other.sum);
    }

    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }
}
