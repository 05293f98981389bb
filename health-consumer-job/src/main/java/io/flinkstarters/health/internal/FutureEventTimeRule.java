package io.flinkstarters.health.internal;

import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.avro.HealthEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/**
 * The event time must not be further ahead of the job's clock than {@code max-future-skew}. One device
 * with its clock set to next year would otherwise move the watermark a year ahead and turn every real
 * measurement into a late one.
 */
@Internal
public final class FutureEventTimeRule implements ValidationRule {

    private static final long serialVersionUID = 1L;

    private final Duration maxFutureSkew;

    public FutureEventTimeRule(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    @Override
    public Optional<Violation> check(HealthEvent event, long nowMillis) {
        Instant now = Instant.ofEpochMilli(nowMillis);
        if (!event.getEventTime().isAfter(now.plus(maxFutureSkew))) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                DeadLetterReason.FUTURE_EVENT_TIME,
                "event time " + event.getEventTime() + " is more than " + DurationFormat.of(maxFutureSkew)
                        + " ahead of the job's clock (" + now + ")"));
    }
}
