package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.MetricRule;
import io.flinkstarters.health.ValidationSettings;
import io.flinkstarters.health.avro.HealthEvent;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/**
 * The unit must be the metric's configured unit: a temperature in Fahrenheit averaged with ones in
 * Celsius gives a number that is wrong and looks right. The job does not convert; producers must.
 * A blank unit is {@link RequiredFieldsRule}'s to report.
 */
@Internal
public final class UnitRule implements ValidationRule {

    private static final long serialVersionUID = 1L;

    private final ValidationSettings settings;

    public UnitRule(ValidationSettings settings) {
        this.settings = settings;
    }

    @Override
    public Optional<Violation> check(HealthEvent event, long nowMillis) {
        MetricRule rule = settings.rule(event.getMetricType());
        if (event.getUnit() == null || event.getUnit().isBlank() || rule.acceptsUnit(event.getUnit())) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                DeadLetterReason.UNIT,
                "'" + event.getUnit() + "' is not the unit of " + event.getMetricType() + " (" + rule.unit() + ")"));
    }
}
