package io.flinkstarters.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/**
 * {@code flink.starters.preflight}: the checks that touch the outside world (checkpoint storage, and
 * whatever a job adds, such as its Kafka brokers and topics) before the job is built, so a wrong
 * bucket or a missing topic is a clear error at submission instead of a stack trace minutes later.
 *
 * @param timeout how long one check may take before it counts as failed
 */
@PublicEvolving
public record PreflightSettings(boolean enabled, Duration timeout) {

    public static final String ENABLED = "flink.starters.preflight.enabled";
    public static final String TIMEOUT = "flink.starters.preflight.timeout";

    /** The hint every failed check ends with. */
    public static final String HOW_TO_SKIP = "(to submit anyway, set " + ENABLED + " = false)";

    /** Reads {@code flink.starters.preflight}, recording problems in the reader. */
    public static PreflightSettings read(ConfigReader reader) {
        return new PreflightSettings(reader.bool(ENABLED), reader.positiveDuration(TIMEOUT));
    }
}
