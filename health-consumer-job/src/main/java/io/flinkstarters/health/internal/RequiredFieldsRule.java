package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.avro.HealthEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Internal;

/**
 * Identity fields and the unit must not be blank. Avro guarantees they are present, not that they say
 * anything: an empty userId would aggregate strangers together, an empty eventId would make every such
 * event a duplicate of the first.
 */
@Internal
public final class RequiredFieldsRule implements ValidationRule {

    private static final long serialVersionUID = 1L;

    @Override
    public Optional<Violation> check(HealthEvent event, long nowMillis) {
        List<String> blank = new ArrayList<>();
        addIfBlank(blank, "eventId", event.getEventId());
        addIfBlank(blank, "userId", event.getUserId());
        addIfBlank(blank, "deviceId", event.getDeviceId());
        addIfBlank(blank, "unit", event.getUnit());
        if (blank.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Violation(
                DeadLetterReason.REQUIRED_FIELD,
                String.join(", ", blank) + (blank.size() == 1 ? " is blank" : " are blank")));
    }

    private static void addIfBlank(List<String> blank, String field, String value) {
        if (value == null || value.isBlank()) {
            blank.add(field);
        }
    }
}
