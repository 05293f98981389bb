package io.flinkstarters.config.internal;

import com.typesafe.config.ConfigOrigin;
import java.net.URL;
import org.apache.flink.annotation.Internal;

/** Renders where a configuration value came from the way a user looks for it: {@code file:line}. */
@Internal
public final class Origins {

    /** Origin description given to values read from environment variables. */
    public static final String ENV_PREFIX = "env ";

    private Origins() {}

    /** {@code application.conf:12}, {@code /etc/job/app.conf:3}, {@code env FLINK_X} or {@code reference.conf:5 (default)}. */
    public static String describe(ConfigOrigin origin) {
        String source = source(origin);
        if (source.startsWith(ENV_PREFIX)) {
            return source;
        }
        String located = origin.lineNumber() >= 0 ? source + ":" + origin.lineNumber() : source;
        return isReference(origin) ? located + " (default)" : located;
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
        URL url = origin.url();
        if (url != null) {
            String text = url.toString();
            return text.substring(text.lastIndexOf('/') + 1);
        }
        return stripLineNumber(origin.description());
    }

    private static boolean isReference(ConfigOrigin origin) {
        return source(origin).endsWith("reference.conf");
    }

    /** Typesafe appends {@code ": <line>"} (and sometimes more) to descriptions of parsed strings. */
    private static String stripLineNumber(String description) {
        int colon = description.indexOf(": ");
        return colon > 0 ? description.substring(0, colon) : description;
    }
}
