package io.flinkstarters.metrics;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingType;
import io.flinkstarters.config.SettingValues;
import io.flinkstarters.config.SettingsTable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
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

    /** Flink's Prometheus reporter (flink-metrics-prometheus; a distribution ships it in opt/, to be copied to plugins/). */
    public static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private static final Pattern PORTS = Pattern.compile("(\\d{1,5})(?:-(\\d{1,5}))?");

    /** Reporters run in each JobManager and TaskManager process, so both keys are cluster-level. */
    public static final Setting<Boolean> PROMETHEUS_ENABLED = Setting.of(
                    PREFIX + ".prometheus.enabled", SettingType.bool())
            .controls(REPORTER_FACTORY)
            .clusterLevel();

    public static final Setting<String> PROMETHEUS_PORT = Setting.of(
                    PREFIX + ".prometheus.port",
                    SettingType.requiredString()
                            .where(
                                    MetricsSettings::isPortOrRange,
                                    "must be a port (1-65535) or a range such as 9250-9260"))
            .controls(REPORTER_PORT)
            .clusterLevel()
            .onlyWhen(PROMETHEUS_ENABLED, true);

    /** Both {@code flink.metrics} keys; {@link #toConfiguration()} writes the reporter's options. */
    @Internal
    public static final SettingsTable TABLE = SettingsTable.of(PROMETHEUS_ENABLED, PROMETHEUS_PORT);

    /** Reads {@code flink.metrics}, recording problems in the reader. */
    public static MetricsSettings read(ConfigReader reader) {
        SettingValues values = TABLE.read(reader);
        TABLE.warnIgnored(reader, values);
        return new MetricsSettings(values.get(PROMETHEUS_ENABLED), values.get(PROMETHEUS_PORT));
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
