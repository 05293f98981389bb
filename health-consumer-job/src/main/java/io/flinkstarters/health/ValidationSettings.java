package io.flinkstarters.health;

import io.flinkstarters.health.avro.MetricType;
import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.apache.flink.annotation.PublicEvolving;

/**
 * The validated {@code health.validation} settings.
 *
 * @param maxFutureSkew how far an event time may be ahead of the job's clock
 * @param metrics a rule for every metric type
 */
@PublicEvolving
public record ValidationSettings(Duration maxFutureSkew, Map<MetricType, MetricRule> metrics) implements Serializable {

    public ValidationSettings {
        metrics = Map.copyOf(metrics);
    }

    public MetricRule rule(MetricType metricType) {
        MetricRule rule = metrics.get(metricType);
        if (rule == null) {
            // Reading the configuration guarantees a rule per type; a missing one is a programming error.
            throw new IllegalStateException("no validation rule for " + metricType);
        }
        return rule;
    }
}
