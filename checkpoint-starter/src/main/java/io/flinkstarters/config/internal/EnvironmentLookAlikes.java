package io.flinkstarters.config.internal;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * Environment variables that look like one the starters read but are not: {@code FLINK_CHECKPOINT_INTERVAL}
 * (the bound name ends in {@code _MS}) or {@code FLINK_CHECKPOINT_INTERVALL_MS}. Such a variable is
 * ignored, and the job would run on the default without a word.
 */
@Internal
public final class EnvironmentLookAlikes {

    private static final String MILLIS = "_MS";

    private EnvironmentLookAlikes() {}

    /** Each unbound variable that looks like a bound one, with the bound one it most likely meant. */
    public static Map<String, String> find(Set<String> environment, Set<String> bound) {
        Map<String, String> lookAlikes = new TreeMap<>();
        for (String variable : environment) {
            if (!bound.contains(variable)) {
                meant(variable, bound).ifPresent(meant -> lookAlikes.put(variable, meant));
            }
        }
        return lookAlikes;
    }

    private static Optional<String> meant(String variable, Set<String> bound) {
        if (bound.contains(variable + MILLIS)) {
            return Optional.of(variable + MILLIS);
        }
        if (variable.endsWith(MILLIS) && bound.contains(variable.substring(0, variable.length() - MILLIS.length()))) {
            return Optional.of(variable.substring(0, variable.length() - MILLIS.length()));
        }
        return bound.stream()
                .filter(name -> KeyCheck.distance(variable, name) <= 2)
                .min(Comparator.comparingInt((String name) -> KeyCheck.distance(variable, name))
                        .thenComparing(Comparator.naturalOrder()));
    }

    /** The message for a look-alike: what it is, what it probably meant and which key that sets. */
    public static String message(String meant, ReferenceCatalog catalog) {
        String key = catalog.entries().stream()
                .filter(entry -> entry.envVar().filter(meant::equals).isPresent())
                .map(ReferenceCatalog.Entry::path)
                .collect(Collectors.joining(", "));
        return "is not a variable the starters read; did you mean " + meant + " (" + key
                + (meant.endsWith(MILLIS) ? ", in milliseconds" : "") + ")?";
    }
}
