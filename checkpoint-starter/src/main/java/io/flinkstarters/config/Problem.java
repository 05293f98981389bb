package io.flinkstarters.config;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One thing wrong (or worth a warning) in the configuration, phrased so a user can fix it without
 * reading code: the full key, the value as given (secrets masked), where the value came from and
 * what is allowed.
 *
 * <p>Rendered as {@code flink.checkpoint.interval = -5s (application.conf:12): must be a positive
 * duration}.
 */
@PublicEvolving
public record Problem(String key, String value, String origin, String message) {

    @Override
    public String toString() {
        if (key == null) {
            // A problem with the file itself (syntax, unresolved substitution): no key to name.
            return origin + ": " + message;
        }
        return key + " = " + value + " (" + origin + "): " + message;
    }
}
