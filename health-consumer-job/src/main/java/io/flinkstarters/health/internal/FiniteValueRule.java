package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.avro.HealthEvent;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/** NaN and infinities pass no range check meaningfully and would poison min, max, mean and sum of a whole window. */
@Internal
public final class FiniteValueRule implements ValidationRule {

    private static final long serialVersionUID = 1L;

    @Override
    public Optional<Violation> check(HealthEvent event, long nowMillis) {
        if (Double.isFinite(event.getValue())) {
            return Optional.empty();
        }
        return Optional.of(
                new Violation(DeadLetterReason.FINITE_VALUE, event.getMetricType() + " value is " + event.getValue()));
    }
}
