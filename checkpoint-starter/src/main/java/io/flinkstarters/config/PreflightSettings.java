package io.flinkstarters.config;

import java.time.Duration;
import org.apache.flink.annotation.Internal;
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

    public static final Setting<Boolean> ENABLED = Setting.of("flink.starters.preflight.enabled", SettingType.bool());
    public static final Setting<Duration> TIMEOUT =
            Setting.of("flink.starters.preflight.timeout", SettingType.positiveDuration());

    /** The {@code flink.starters} keys: the unknown-key switch and the preflight checks; none is a Flink option. */
    @Internal
    public static final SettingsTable TABLE = SettingsTable.of(ConfigReader.UNKNOWN_KEYS, ENABLED, TIMEOUT);

    /** The hint every failed check ends with. */
    public static final String HOW_TO_SKIP = "(to submit anyway, set " + ENABLED + " = false)";

    /** Reads {@code flink.starters.preflight}, recording problems in the reader. */
    public static PreflightSettings read(ConfigReader reader) {
        return new PreflightSettings(reader.read(ENABLED), reader.read(TIMEOUT));
    }
}
