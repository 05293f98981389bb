package io.flinkstarters.health.internal;

import io.flinkstarters.health.avro.MetricType;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.annotation.Internal;

/**
 * Metric types whose measurements add up to something meaningful: steps walked and minutes slept in a
 * window. A sum of heart rates or temperatures means nothing, so aggregates carry no sum for them.
 */
@Internal
public final class AdditiveMetrics {

    private static final Set<MetricType> ADDITIVE = EnumSet.of(MetricType.STEPS, MetricType.SLEEP_MINUTES);

    private AdditiveMetrics() {}

    public static boolean isAdditive(MetricType metricType) {
        return ADDITIVE.contains(metricType);
    }
}
