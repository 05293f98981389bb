package io.flinkstarters.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Parameters of a run, from system properties {@code bench.*} (e.g. {@code -Dbench.events=500000});
 * each has a full-run default and a smoke default (tiny, for the CI check). Every value read is
 * remembered, so the results can say exactly what they were measured with.
 */
public final class BenchParams {

    private final boolean smoke;
    private final Map<String, String> overrides;
    private final Map<String, String> used = new LinkedHashMap<>();

    private BenchParams(boolean smoke, Map<String, String> overrides) {
        this.smoke = smoke;
        this.overrides = overrides;
    }

    /** Full-run defaults, overridden by {@code bench.*} system properties. */
    public static BenchParams fromSystemProperties() {
        Map<String, String> overrides = new LinkedHashMap<>();
        System.getProperties().stringPropertyNames().stream()
                .filter(key -> key.startsWith("bench."))
                .forEach(key -> overrides.put(key.substring("bench.".length()), System.getProperty(key)));
        return new BenchParams(Boolean.parseBoolean(overrides.getOrDefault("smoke", "false")), overrides);
    }

    /** Smoke defaults with the given overrides (keys without the {@code bench.} prefix). */
    public static BenchParams smoke(Map<String, String> overrides) {
        return new BenchParams(true, new LinkedHashMap<>(overrides));
    }

    public boolean isSmoke() {
        return smoke;
    }

    public int integer(String name, int full, int smoke) {
        return get(name, String.valueOf(this.smoke ? smoke : full), Integer::parseInt);
    }

    public double decimal(String name, double full, double smoke) {
        return get(name, String.valueOf(this.smoke ? smoke : full), Double::parseDouble);
    }

    public Duration duration(String name, Duration full, Duration smoke) {
        return get(name, (this.smoke ? smoke : full).toMillis() + "ms", BenchParams::parseDuration);
    }

    public String string(String name, String full, String smoke) {
        return get(name, this.smoke ? smoke : full, Function.identity());
    }

    /** A comma-separated list; empty items are dropped, so an empty value is an empty list. */
    public List<String> list(String name, String full, String smoke) {
        return Arrays.stream(string(name, full, smoke).split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .toList();
    }

    /** The parameters read so far, as {@code -Dbench.name=value} (what reproduces the run). */
    public String describe() {
        StringBuilder out = new StringBuilder();
        used.forEach((name, value) -> out.append(out.isEmpty() ? "" : " ")
                .append("-Dbench.")
                .append(name)
                .append('=')
                .append(value));
        return out.toString();
    }

    private <T> T get(String name, String fallback, Function<String, T> parse) {
        String value = overrides.getOrDefault(name, fallback);
        used.put(name, value);
        try {
            return parse.apply(value);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "bench." + name + " = '" + value + "' is not valid: " + e.getMessage(), e);
        }
    }

    /** {@code 500ms}, {@code 10s}, {@code 2m} or plain milliseconds. */
    static Duration parseDuration(String text) {
        String value = text.trim();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        if (value.endsWith("s")) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value.substring(0, value.length() - 1)) * 1000));
        }
        if (value.endsWith("m")) {
            return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)) * 60);
        }
        return Duration.ofMillis(Long.parseLong(value));
    }
}
