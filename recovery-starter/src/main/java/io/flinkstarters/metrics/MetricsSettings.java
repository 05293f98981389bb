package io.flinkstarters.metrics;

import io.flinkstarters.config.ConfigReader;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;

/**
 * The validated {@code flink.metrics} settings: Flink's Prometheus reporter, which serves every
 * JobManager and TaskManager metric (checkpoint durations, restarts, the job's own counters) on an
 * HTTP port for Prometheus to scrape.
 *
 * @param port a port or a range such as {@code 9250-9260} (each process on a host takes the next free one)
 */
@PublicEvolving
public record MetricsSettings(boolean prometheusEnabled, String port) {

    public static final String PREFIX = "flink.metrics";
    public static final String PROMETHEUS_ENABLED = PREFIX + ".prometheus.enabled";
    public static final String PROMETHEUS_PORT = PREFIX + ".prometheus.port";

    /** The reporter's name in Flink's {@code metrics.reporter.<name>.*} keys. */
    public static final String REPORTER = "prom";

    public static final ConfigOption<String> REPORTER_FACTORY = ConfigOptions.key(
                    "metrics.reporter." + REPORTER + ".factory.class")
            .stringType()
            .noDefaultValue()
            .withDescription("The Prometheus reporter's factory.");
    public static final ConfigOption<String> REPORTER_PORT = ConfigOptions.key("metrics.reporter." + REPORTER + ".port")
            .stringType()
            .noDefaultValue()
            .withDescription("The port (or range) the Prometheus reporter serves on.");

    /** Flink's Prometheus reporter (flink-metrics-prometheus; a distribution ships it in plugins/metrics-prometheus/). */
    public static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    /** Every Flink option these settings set, with the HOCON key that controls it. */
    public static final Map<ConfigOption<?>, String> MODELED_OPTIONS = modeledOptions();

    /** Reporters run in each JobManager and TaskManager process: all of these are cluster-level. */
    public static final Set<ConfigOption<?>> CLUSTER_LEVEL_OPTIONS = Set.of(REPORTER_FACTORY, REPORTER_PORT);

    private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    private static Map<ConfigOption<?>, String> modeledOptions() {
        Map<ConfigOption<?>, String> options = new LinkedHashMap<>();
        options.put(REPORTER_FACTORY, PROMETHEUS_ENABLED);
        options.put(REPORTER_PORT, PROMETHEUS_PORT);
        return Map.copyOf(options);
    }

    /** Reads {@code flink.metrics}, recording problems in the reader. */
    public static MetricsSettings read(ConfigReader reader) {
        MetricsSettings settings = new MetricsSettings(
                reader.bool(PROMETHEUS_ENABLED),
                reader.optionalString(PROMETHEUS_PORT).orElse(""));
        if (settings.prometheusEnabled() && !isPortOrRange(settings.port())) {
            reader.reject(PROMETHEUS_PORT, "must be a port (1-65535) or a range such as 9250-9260");
        }
        return settings;
    }

    private static boolean isPortOrRange(String text) {
        Matcher matcher = PORTS.matcher(text.trim());
        if (!matcher.matches()) {
            return false;
        }
        int low = Integer.parseInt(matcher.group(1));
        int high = matcher.group(2) == null ? low : Integer.parseInt(matcher.group(2));
        return low >= 1 && high <= 65535 && low <= high;
    }

    /** Flink's reporter options, when the reporter is enabled. */
    public Configuration toConfiguration() {
        Configuration configuration = new Configuration();
        if (prometheusEnabled) {
            configuration.set(REPORTER_FACTORY, PROMETHEUS_FACTORY);
            configuration.set(REPORTER_PORT, port.trim());
        }
        return configuration;
    }
}
