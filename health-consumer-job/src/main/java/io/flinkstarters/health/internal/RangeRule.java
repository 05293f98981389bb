package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.MetricRule;
import io.flinkstarters.health.ValidationSettings;
import io.flinkstarters.health.avro.HealthEvent;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/**
 * The value must be plausible for its metric type ({@code health.validation.metrics}, bounds inclusive):
 * a heart rate of 0 or 900 is a sensor fault, not a measurement. Non-finite values are
 * {@link FiniteValueRule}'s to report.
 */
@Internal
public final class RangeRule implements ValidationRule {

    private static final long serialVersionUID = 1L;

    private final ValidationSettings settings;

    public RangeRule(ValidationSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Violation> check(HealthEvent event, long nowMillis) {
        MetricRule rule = settings.rule(event.getMetricType());
        if (!Double.isFinite(event.getValue()) || rule.inRange(event.getValue())) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                DeadLetterReason.RANGE,
                event.getMetricType() + " value " + event.getValue() + " is outside [" + rule.min() + ", " + rule.max()
                        + "] " + rule.unit()));
    }
}
