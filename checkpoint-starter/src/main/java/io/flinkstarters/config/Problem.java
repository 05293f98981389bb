package io.flinkstarters.config;

import org.apache.flink.annotation.PublicEvolving;

/**
 * One thing wrong (or worth a warning) in the configuration, phrased so a user can fix it without
 * reading code: the full key, the value as given (secrets masked), where the value came from and
 * what is allowed.
 *
 * <p>Rendered as {@code flink.checkpoint.interval = -5s (application.conf:12): must be a positive
 * duration}; without a value where showing it could print a credential (an unknown key:
 * {@code flink.checkpoint.s3.acess-key (application.conf:4): is not a known key; ...}), and as
 * {@code origin: message} where there is no key (a syntax error, an environment variable).
 *
 * @param value the value as written and masked, or {@code null} when it is not shown
 */
@PublicEvolving
public record Problem(String key, String value, String origin, String message) {

    @Override
    public String toString() {
        if (key == null) {
            // A problem with the file itself (syntax, unresolved substitution) or the environment: no key to name.
            return origin + ": " + message;
        }
        return key + (value == null ? "" : " = " + value) + " (" + origin + "): " + message;
    }
}
