package io.flinkstarters.config.internal;

import com.typesafe.config.ConfigOrigin;
import org.apache.flink.annotation.Internal;

/**
 * Where a configuration value came from, in one shape wherever it was loaded from:
 *
 * <ul>
 *   <li>{@code application.conf:12}: a file or class-path resource, named as given, and the line;
 *   <li>{@code env FLINK_CHECKPOINT_INTERVAL_MS}: an environment variable bound by {@code reference.conf};
 *   <li>{@code env (substituted)}: an environment variable read through {@code ${VAR}} in a file;
 *   <li>{@code -Dflink.checkpoint.interval}: a JVM system property;
 *   <li>{@code default (reference.conf:34)}: the default;
 *   <li>{@code in code, line 3} (or {@code in code}): configuration built in code, such as
 *       {@code ConfigFactory.parseString} or {@code parseMap}.
 * </ul>
 */
@Internal
public final class Origins {

    /** Origin description given to values read from environment variables. */
    public static final String ENV_PREFIX = "env ";

    /** Typesafe's description of {@code ConfigFactory.systemProperties()}. */
    private static final String SYSTEM_PROPERTIES = "system properties";
    /** Typesafe's description of values substituted from the environment ({@code ${VAR}}). */
    private static final String ENV_VARIABLES = "env variables";
    /** Typesafe's descriptions of {@code parseString} and of {@code parseMap} / {@code fromAnyRef}. */
    private static final String PARSED_STRING = "String";

    private static final String HARDCODED = "hardcoded value";

    private Origins() {}

    /** Where the value at {@code key} came from, in the documented shape. */
    public static String describe(ConfigOrigin origin, String key) {
        String description = origin.description();
        if (origin.resource() == null && origin.filename() == null && origin.url() == null) {
            if (description.startsWith(ENV_PREFIX)) {
                return description;
            }
            if (description.startsWith(SYSTEM_PROPERTIES)) {
                return "-D" + key;
            }
            if (description.startsWith(ENV_VARIABLES)) {
                return ENV_PREFIX + "(substituted)";
            }
            String source = stripLineNumber(description);
            if (source.equals(PARSED_STRING) || source.equals(HARDCODED)) {
                return origin.lineNumber() >= 0 ? "in code, line " + origin.lineNumber() : "in code";
            }
            return origin.lineNumber() >= 0 ? source + ":" + origin.lineNumber() : source;
        }
        String located = origin.lineNumber() >= 0 ? source(origin) + ":" + origin.lineNumber() : source(origin);
        return isDefault(origin) ? "default (" + located + ")" : located;
    }

    /** Whether the value is a {@code reference.conf} default. */
    public static boolean isDefault(ConfigOrigin origin) {
        return source(origin).endsWith("reference.conf");
    }

    /** The file, resource or description the value came from, without a line number. */
    public static String source(ConfigOrigin origin) {
        if (origin.resource() != null) {
            return origin.resource();
        }
        if (origin.filename() != null) {
            // Defaults are known by their resource name wherever the file sits (a jar, target/classes).
            return origin.filename().endsWith("reference.conf") ? "reference.conf" : origin.filename();
        }
        if (origin.url() != null) {
            String url = origin.url().toString();
            return url.endsWith("reference.conf") ? "reference.conf" : url;
        }
        return stripLineNumber(origin.description());
    }

    /** Typesafe appends {@code ": <line>"} (and sometimes more) to descriptions of parsed strings. */
    private static String stripLineNumber(String description) {
        int colon = description.indexOf(": ");
        return colon > 0 ? description.substring(0, colon) : description;
    }
}
