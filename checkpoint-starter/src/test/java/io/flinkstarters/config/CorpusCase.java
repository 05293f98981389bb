package io.flinkstarters.config;

import java.util.Map;

/**
 * One generated configuration and what must happen to it, known by construction.
 *
 * @param hocon the whole {@code application.conf}
 * @param key the full key a problem (or warning) must name; {@code null} for a problem without a key
 *     (a syntax error, an environment variable)
 * @param origin where that problem must say the value came from: {@code line:N} (of
 *     {@code application.conf}), {@code line:*} (any line of it), {@code env NAME} or {@code -Dkey};
 *     {@code null} when any origin will do
 * @param problems the exact number of problems, or {@code null} when it is not fixed
 */
public record CorpusCase(
        String name,
        Expect expect,
        String hocon,
        Map<String, String> environment,
        Map<String, String> systemProperties,
        String key,
        String origin,
        Integer problems) {

    /** What the starters must do with the case. */
    public enum Expect {
        /** Accept it. */
        VALID,
        /** Accept it with a warning that names {@link #key()}. */
        WARNED,
        /** Reject it with a problem that names {@link #key()} and {@link #origin()}. */
        REJECTED
    }

    public CorpusCase {
        environment = Map.copyOf(environment);
        systemProperties = Map.copyOf(systemProperties);
    }

    @Override
    public String toString() {
        return name;
    }
}
