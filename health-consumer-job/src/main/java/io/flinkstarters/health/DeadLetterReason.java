package io.flinkstarters.health;

import java.util.Arrays;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Why a record went to the dead-letter topic. A {@code DeadLetter.reason} reads {@code <rule>: <detail>}
 * (several violated rules are joined with {@code "; "}), or just {@code late}.
 */
@PublicEvolving
public enum DeadLetterReason {
    /** The value is not a HealthEvent in plain Avro binary (garbage, truncated, empty, other schema). */
    UNDECODABLE("undecodable"),
    /** eventId, userId, deviceId or unit is blank. */
    REQUIRED_FIELD("required-field"),
    /** The unit is not the one configured for the metric type. */
    UNIT("unit"),
    /** The value is NaN or infinite. */
    FINITE_VALUE("finite-value"),
    /** The value is outside the metric type's configured [min, max]. */
    RANGE("range"),
    /** The event time is more than health.validation.max-future-skew ahead of the job's clock. */
    FUTURE_EVENT_TIME("future-event-time"),
    /** The event arrived after its window closed and its allowed lateness passed. */
    LATE("late");

    private final String id;

    DeadLetterReason(String id) {
        this.id = id;
    }

    /** The rule's name as it appears in a reason. */
    public String id() {
        return id;
    }

    /** {@code <rule>: <detail>}; the detail says what was wrong with this record. */
    public String format(String detail) {
        return id + ": " + detail;
    }

    /** The (first) rule a reason names, e.g. to count dead letters per rule. */
    public static Optional<DeadLetterReason> of(String reason) {
        return Arrays.stream(values())
                .filter(candidate -> reason.equals(candidate.id) || reason.startsWith(candidate.id + ": "))
                .findFirst();
    }
}
