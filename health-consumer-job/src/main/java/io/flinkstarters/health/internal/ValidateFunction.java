package io.flinkstarters.health.internal;

import io.flinkstarters.health.ValidationSettings;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Passes plausible measurements on; the others go to the dead-letter side output with the rules they
 * break. The clock for time rules is the operator's processing time, which tests control.
 */
@Internal
public final class ValidateFunction extends ProcessFunction<DecodedEvent, DecodedEvent> {

    private static final long serialVersionUID = 1L;

    private final HealthEventValidator validator;

    public ValidateFunction(ValidationSettings settings) {
        this.validator = new HealthEventValidator(settings);
    }

    @Override
    public void processElement(DecodedEvent decoded, Context context, Collector<DecodedEvent> out) {
        long now = context.timerService().currentProcessingTime();
        Optional<String> rejection = validator.rejection(decoded.event(), now);
        if (rejection.isEmpty()) {
            out.collect(decoded);
        } else {
            context.output(DeadLetters.TAG, DeadLetters.of(decoded.raw(), rejection.get(), now));
        }
    }
}
