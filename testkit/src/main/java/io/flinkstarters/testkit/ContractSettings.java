package io.flinkstarters.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The settings a contract submission runs with: the job's own configuration, loaded as production loads
 * it ({@link ContractJob#configuration()}, then the bound environment variables and system properties),
 * under one layer of overrides, highest first: what the testkit must set (storage and savepoint
 * directories on its store, the store's S3 access, the restore point, the backend of the matrix cell),
 * the class's {@link ContractJob#settingsOverrides()}, the job's durations scaled by
 * {@link ContractJob#timeScale()}, and the job's {@link ContractJob#wiring wiring} to the test's broker
 * and topics.
 *
 * <p>In this JVM the merged configuration configures the environment; for a jar it is written to the
 * application file {@code flink run} passes to the job's main method, and the overrides are given to
 * the client as system properties too, so they win over its environment there as they do here.
 */
final class ContractSettings {

    /** The keys {@link ContractJob#timeScale()} divides, where the job's settings have them. */
    static final List<String> SCALED_DURATIONS = List.of(
            "flink.checkpoint.interval",
            "flink.checkpoint.min-pause",
            "flink.checkpoint.timeout",
            "flink.recovery.restart-strategy.fixed-delay.delay",
            "flink.recovery.restart-strategy.failure-rate.delay",
            "flink.recovery.restart-strategy.failure-rate.interval",
            "flink.recovery.restart-strategy.exponential-delay.initial-backoff",
            "flink.recovery.restart-strategy.exponential-delay.max-backoff",
            "flink.recovery.restart-strategy.exponential-delay.reset-threshold");

    /**
     * The delays before a restart: scaled, they stay at least two heartbeat intervals (as long as they were
     * that long), the time a killed TaskManager takes to be noticed. Shorter, every restart would be
     * redeployed onto the dead TaskManager and use up the budget, which the production delays would not.
     */
    static final List<String> RESTART_DELAYS = List.of(
            "flink.recovery.restart-strategy.fixed-delay.delay",
            "flink.recovery.restart-strategy.failure-rate.delay",
            "flink.recovery.restart-strategy.exponential-delay.initial-backoff",
            "flink.recovery.restart-strategy.exponential-delay.max-backoff");

    private static final String HEARTBEAT_INTERVAL = "flink.recovery.heartbeat.interval";
    private static final String MIN_PAUSE = "flink.checkpoint.min-pause";

    /** Options that only RocksDB takes: set explicitly for RocksDB, they are errors with hashmap. */
    static final List<String> ROCKSDB_ONLY = List.of(
            "flink.checkpoint.state-backend.incremental",
            "flink.checkpoint.state-backend.bloom-filter",
            "flink.checkpoint.state-backend.timers");

    static final String BACKEND = "flink.checkpoint.state-backend.type";

    /** The effective-settings keys the log line shows (Flink's, from {@link StarterSettings#toConfiguration()}). */
    private static final List<String> SHOWN_PREFIXES = List.of(
            "execution.checkpointing.",
            "state.backend.",
            "restart-strategy.",
            "heartbeat.",
            "jobmanager.execution.failover-strategy",
            "pipeline.max-parallelism",
            "high-availability");

    private final Config application;
    private final Config overrides;
    private final Config effective;
    private final StarterSettings starters;

    private ContractSettings(Config application, Config overrides, Config effective, StarterSettings starters) {
        this.application = application;
        this.overrides = overrides;
        this.effective = effective;
        this.starters = starters;
    }

    /**
     * @param required what the testkit must set for this submission (storage, S3, restore, ...), as HOCON
     * @param backend the matrix cell's backend, empty for the job's own
     */
    static ContractSettings of(ContractJob<?> job, String wiring, String required, Optional<String> backend) {
        Config own = job.configuration();
        if (backend.isPresent()) {
            for (String rocksDbOnly : ROCKSDB_ONLY) {
                own = own.withoutPath(rocksDbOnly);
            }
        }
        Config loaded = ConfigLoader.load(own, System.getenv());
        Config overrides = parse("the testkit's overrides", required + backendOverride(backend))
                .withFallback(
                        parse("settingsOverrides() of " + job.getClass().getSimpleName(), job.settingsOverrides()))
                .withFallback(timeScaled(loaded, job.timeScale()))
                .withFallback(parse("wiring() of " + job.getClass().getSimpleName(), wiring));
        Config effective = overrides.withFallback(loaded).resolve();
        return new ContractSettings(own, overrides, effective, FlinkStarters.settings(effective));
    }

    private static String backendOverride(Optional<String> backend) {
        return backend.map(type -> BACKEND + " = " + type + "\n").orElse("");
    }

    private static Config timeScaled(Config loaded, int factor) {
        if (factor == 1) {
            return ConfigFactory.empty();
        }
        if (factor < 1) {
            throw new IllegalArgumentException("timeScale() must be 1 or more, not " + factor);
        }
        Map<String, Object> scaled = new LinkedHashMap<>();
        long detection = 2 * loaded.getDuration(HEARTBEAT_INTERVAL).toMillis();
        for (String key : SCALED_DURATIONS) {
            // Left at its default, min-pause follows the interval (the starters make it half a short one).
            boolean followsTheInterval = key.equals(MIN_PAUSE) && isDefault(loaded, key);
            if (loaded.hasPath(key) && !followsTheInterval) {
                long original = loaded.getDuration(key).toMillis();
                long floor = RESTART_DELAYS.contains(key) ? Math.min(original, detection) : 1;
                scaled.put(key, Math.max(floor, original / factor) + "ms");
            }
        }
        return ConfigFactory.parseMap(scaled, "timeScale() = " + factor);
    }

    private static boolean isDefault(Config loaded, String key) {
        return "reference.conf".equals(loaded.getValue(key).origin().resource());
    }

    private static Config parse(String origin, String hocon) {
        return ConfigFactory.parseString(hocon, ConfigParseOptions.defaults().setOriginDescription(origin));
    }

    /** The merged, resolved configuration: what the job reads its own section from. */
    Config effective() {
        return effective;
    }

    StarterSettings starters() {
        return starters;
    }

    Duration checkpointInterval() {
        return effective.getDuration("flink.checkpoint.interval");
    }

    Duration checkpointTimeout() {
        return effective.getDuration("flink.checkpoint.timeout");
    }

    int tolerableCheckpointFailures() {
        return effective.getInt("flink.checkpoint.tolerable-failures");
    }

    /** {@code type = fixed-delay, attempts = 1, delay = 1000ms}: the restart strategy as configured, for messages. */
    String restartStrategy() {
        String type = effective.getString("flink.recovery.restart-strategy.type");
        String block = "flink.recovery.restart-strategy." + type;
        StringBuilder described = new StringBuilder("type = " + type);
        if (effective.hasPath(block)) {
            effective.getConfig(block).entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(entry -> described
                            .append(", ")
                            .append(entry.getKey())
                            .append(" = ")
                            .append(entry.getValue().unwrapped()));
        }
        return described.toString();
    }

    /** The job's application file for {@code flink run}: its own configuration under the overrides, unresolved (its substitutions resolve in the client). */
    String applicationFile() {
        return overrides
                .withFallback(application)
                .root()
                .render(ConfigRenderOptions.defaults().setOriginComments(false).setJson(false));
    }

    /**
     * The overrides again, as {@code -Dkey=value} options for the {@code flink run} client, whose JVM runs
     * the job's main method: system properties are the highest layer of {@code ConfigLoader}, so they win
     * over an environment variable bound to the same key, as the overrides do in this JVM. Secrets stay
     * out of the command line (they are in the application file only), and so do lists and keys with quoted
     * segments ({@code flink.conf."s3.x"}), which a system property cannot express.
     */
    List<String> clientSystemProperties() {
        List<String> properties = new ArrayList<>();
        new TreeMap<>(flatten(overrides)).forEach((key, value) -> {
            if (!Secret.isSecretKey(key) && !key.contains("\"")) {
                properties.add("-D" + key + "=" + value);
            }
        });
        return properties;
    }

    private static Map<String, String> flatten(Config config) {
        Map<String, String> flat = new LinkedHashMap<>();
        config.entrySet().stream()
                .filter(entry -> entry.getValue().valueType() != ConfigValueType.LIST)
                .forEach(entry ->
                        flat.put(entry.getKey(), String.valueOf(entry.getValue().unwrapped())));
        return flat;
    }

    /** One line: every override (secrets masked) and the effective Flink settings the job runs with. */
    String describe() {
        Map<String, String> shown = new TreeMap<>();
        overrides.entrySet().forEach(entry -> shown.put(entry.getKey(), masked(entry.getKey(), entry.getValue())));
        List<String> effectiveShown = new ArrayList<>();
        new TreeMap<>(starters.toConfiguration().toMap()).forEach((key, value) -> {
            if (SHOWN_PREFIXES.stream().anyMatch(key::startsWith)) {
                effectiveShown.add(key + "=" + (Secret.isSecretKey(key) ? Secret.MASK : value));
            }
        });
        return "overrides " + shown + "; effective " + effectiveShown;
    }

    private static String masked(String key, ConfigValue value) {
        return Secret.isSecretKey(key) ? Secret.MASK : String.valueOf(value.unwrapped());
    }
}
