package io.flinkstarters.health;

import static io.flinkstarters.config.SettingType.nonNegativeDuration;
import static io.flinkstarters.config.SettingType.optionalString;
import static io.flinkstarters.config.SettingType.positiveDuration;
import static io.flinkstarters.config.SettingType.wholeNumber;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.flinkstarters.ApplicationSection;
import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingType;
import io.flinkstarters.config.SettingsTable;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.KafkaPreflight;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.PipelineOptions;

/**
 * The validated {@code health} settings of the reference job: Kafka, topics, windows, deduplication,
 * parallelism and the validation rules per metric.
 *
 * <p>Read through {@link #SECTION} (or {@link #read(ConfigReader, CheckpointSettings)}) so the job's problems land in the same
 * report as the starters' (see {@link HealthJobStartup}), or with {@link #from(Config)} on its own.
 *
 * @param dedupTtl how long an event id is remembered (processing time)
 * @param parallelism empty: the environment's default
 */
@PublicEvolving
public record HealthJobSettings(
        KafkaSettings kafka,
        TopicSettings topics,
        WindowSettings window,
        Duration dedupTtl,
        Optional<Integer> parallelism,
        int maxParallelism,
        ValidationSettings validation) {

    public static final String PREFIX = "health";
    public static final String BOOTSTRAP_SERVERS = PREFIX + ".kafka.bootstrap-servers";
    public static final String GROUP_ID = PREFIX + ".kafka.group-id";
    public static final String TRANSACTIONAL_ID_PREFIX = PREFIX + ".kafka.transactional-id-prefix";
    public static final String TRANSACTION_TIMEOUT = PREFIX + ".kafka.transaction-timeout";
    public static final String KAFKA_PROPERTIES = PREFIX + ".kafka.properties";
    public static final String EVENTS_TOPIC = PREFIX + ".topics.events";
    public static final String AGGREGATES_TOPIC = PREFIX + ".topics.aggregates";
    public static final String DEAD_LETTERS_TOPIC = PREFIX + ".topics.dead-letters";
    public static final String WINDOW_SIZE = PREFIX + ".window.size";
    public static final String ALLOWED_LATENESS = PREFIX + ".window.allowed-lateness";
    public static final String OUT_OF_ORDERNESS = PREFIX + ".window.out-of-orderness";
    public static final String IDLENESS = PREFIX + ".window.idleness";
    public static final String DEDUP_TTL = PREFIX + ".dedup.ttl";
    public static final String PARALLELISM = PREFIX + ".parallelism";
    public static final String MAX_PARALLELISM = PREFIX + ".max-parallelism";
    public static final String MAX_FUTURE_SKEW = PREFIX + ".validation.max-future-skew";
    public static final String METRICS = PREFIX + ".validation.metrics";

    /** Flink's upper bound for key groups ({@code KeyGroupRangeAssignment.UPPER_BOUND_MAX_PARALLELISM}). */
    static final int FLINK_MAX_PARALLELISM = 32768;

    // How each key is read; the required ones are read as optional strings so their problem can say why.
    private static final Setting<Optional<String>> BOOTSTRAP_SERVERS_ROW =
            Setting.of(BOOTSTRAP_SERVERS, optionalString());
    private static final Setting<Optional<String>> GROUP_ID_ROW = Setting.of(GROUP_ID, optionalString());
    private static final Setting<Optional<String>> TRANSACTIONAL_ID_PREFIX_ROW =
            Setting.of(TRANSACTIONAL_ID_PREFIX, optionalString());
    private static final Setting<Duration> TRANSACTION_TIMEOUT_ROW =
            Setting.of(TRANSACTION_TIMEOUT, aloneAcceptsNoEdge(positiveDuration()));
    private static final Setting<Optional<String>> EVENTS_TOPIC_ROW = Setting.of(EVENTS_TOPIC, optionalString());
    private static final Setting<Optional<String>> AGGREGATES_TOPIC_ROW =
            Setting.of(AGGREGATES_TOPIC, optionalString());
    private static final Setting<Optional<String>> DEAD_LETTERS_TOPIC_ROW =
            Setting.of(DEAD_LETTERS_TOPIC, optionalString());
    private static final Setting<Duration> WINDOW_SIZE_ROW = Setting.of(WINDOW_SIZE, positiveDuration());
    private static final Setting<Duration> ALLOWED_LATENESS_ROW = Setting.of(ALLOWED_LATENESS, nonNegativeDuration());
    private static final Setting<Duration> OUT_OF_ORDERNESS_ROW = Setting.of(OUT_OF_ORDERNESS, nonNegativeDuration());
    private static final Setting<Duration> IDLENESS_ROW = Setting.of(IDLENESS, nonNegativeDuration());
    private static final Setting<Duration> DEDUP_TTL_ROW = Setting.of(DEDUP_TTL, positiveDuration());
    private static final Setting<Optional<Integer>> PARALLELISM_ROW =
            Setting.of(PARALLELISM, SettingType.orNull(wholeNumber(1)));
    /** The job sets it on the environment, so the same option in flink.conf would silently lose. */
    private static final Setting<Integer> MAX_PARALLELISM_ROW = Setting.of(
                    MAX_PARALLELISM, wholeNumber(1, FLINK_MAX_PARALLELISM))
            .controls(PipelineOptions.MAX_PARALLELISM);

    private static final Setting<Duration> MAX_FUTURE_SKEW_ROW = Setting.of(MAX_FUTURE_SKEW, positiveDuration());

    /** Every {@code health} key with how it is read (the metric rules: a min, max and unit per metric type). */
    @Internal
    public static final SettingsTable TABLE = table();

    private static SettingsTable table() {
        List<Setting<?>> rows = new ArrayList<>(List.of(
                BOOTSTRAP_SERVERS_ROW,
                GROUP_ID_ROW,
                TRANSACTIONAL_ID_PREFIX_ROW,
                TRANSACTION_TIMEOUT_ROW,
                EVENTS_TOPIC_ROW,
                AGGREGATES_TOPIC_ROW,
                DEAD_LETTERS_TOPIC_ROW,
                WINDOW_SIZE_ROW,
                ALLOWED_LATENESS_ROW,
                OUT_OF_ORDERNESS_ROW,
                IDLENESS_ROW,
                DEDUP_TTL_ROW,
                PARALLELISM_ROW,
                MAX_PARALLELISM_ROW,
                MAX_FUTURE_SKEW_ROW));
        for (MetricType metricType : MetricType.values()) {
            rows.add(bound(metricType, "min"));
            rows.add(bound(metricType, "max"));
            rows.add(unit(metricType));
        }
        return SettingsTable.of(rows.toArray(Setting<?>[]::new));
    }

    /**
     * A metric's min or max. Each may reach only its own end of the range on its own: a min at the
     * largest bound (or a max at zero) is refused by the rule that the min stays below the max.
     */
    private static Setting<Double> bound(MetricType metricType, String part) {
        SettingType<Double> range = SettingType.numberBetween(0, LARGEST_BOUND);
        String edge = String.valueOf(part.equals("min") ? 0.0 : LARGEST_BOUND);
        return Setting.of(
                metricKey(metricType, part),
                range.withFlinkLimits(List.of(edge), range.flinkLimits().refused()));
    }

    /**
     * A type whose smallest value is refused by a rule over other keys (the transaction timeout must
     * outlast a checkpoint cycle), so no value is at the edge on its own; the refused ones stay.
     */
    private static <T> SettingType<T> aloneAcceptsNoEdge(SettingType<T> type) {
        return type.withFlinkLimits(List.of(), type.flinkLimits().refused());
    }

    private static Setting<Optional<String>> unit(MetricType metricType) {
        return Setting.of(metricKey(metricType, "unit"), optionalString());
    }

    /**
     * The {@code health} section for {@link io.flinkstarters.FlinkStarters#settings(Config, ApplicationSection)}:
     * validated in the same pass as the starters, so one exception lists the problems of both.
     */
    public static final ApplicationSection<HealthJobSettings> SECTION = new ApplicationSection<>() {
        @Override
        public String root() {
            return PREFIX;
        }

        @Override
        public HealthJobSettings read(ConfigReader reader, CheckpointSettings checkpoint) {
            return HealthJobSettings.read(reader, checkpoint);
        }

        @Override
        public List<Setting<?>> settings() {
            return TABLE.rows();
        }

        /** Brokers reachable, topics there, transaction timeout within the broker's limit. */
        @Override
        public void preflight(ConfigReader reader, HealthJobSettings settings, PreflightSettings preflight) {
            KafkaPreflight.check(reader, settings, preflight);
        }
    };

    /** Largest value of a metric's min or max; every metric here is non-negative and far below it. */
    static final double LARGEST_BOUND = 1_000_000;

    /** The key of a metric's rule part: {@code health.validation.metrics.heart-rate.min} (HOCON spelling of HEART_RATE). */
    public static String metricKey(MetricType metricType, String part) {
        return METRICS + "." + metricType.name().toLowerCase(Locale.ROOT).replace('_', '-') + "." + part;
    }

    /**
     * Reads and validates {@code health} from a configuration over the defaults, with the rules that tie
     * it to {@code flink.checkpoint}; throws one exception listing every problem of the job's own. Other
     * {@code flink.*} problems (a missing storage directory, say) are the starters' to report, and no
     * broker is contacted: {@link HealthJobStartup} does both.
     */
    public static HealthJobSettings from(Config config) {
        ConfigReader reader = new ConfigReader(ConfigLoader.withDefaults(config));
        reader.checkUnknownKeys(PREFIX);
        List<Problem> own = new ArrayList<>(reader.problems());
        CheckpointSettings checkpoint = CheckpointSettings.read(reader);
        int starterProblems = reader.problems().size();
        HealthJobSettings settings = read(reader, checkpoint);
        own.addAll(reader.problems().subList(starterProblems, reader.problems().size()));
        if (!own.isEmpty()) {
            throw new InvalidConfigurationException(own);
        }
        return settings;
    }

    /**
     * Reads {@code health}, recording problems in the reader. The result must not be used unless
     * {@link ConfigReader#throwIfInvalid()} passes afterwards.
     *
     * @param checkpoint the checkpoint settings, for the rules that tie transactions to checkpoints
     */
    public static HealthJobSettings read(ConfigReader reader, CheckpointSettings checkpoint) {
        HealthJobSettings settings = new HealthJobSettings(
                new KafkaSettings(
                        required(reader, BOOTSTRAP_SERVERS, "the job cannot reach Kafka without it"),
                        required(reader, GROUP_ID, "the events source commits its offsets to this consumer group"),
                        required(
                                reader,
                                TRANSACTIONAL_ID_PREFIX,
                                "exactly-once Kafka sinks need a transactional id prefix, unique per job on the Kafka cluster"),
                        reader.read(TRANSACTION_TIMEOUT_ROW),
                        clientProperties(reader)),
                new TopicSettings(
                        required(reader, EVENTS_TOPIC, "the topic to read health events from"),
                        required(reader, AGGREGATES_TOPIC, "the topic to write aggregates to"),
                        required(reader, DEAD_LETTERS_TOPIC, "the topic to write rejected records to")),
                new WindowSettings(
                        reader.read(WINDOW_SIZE_ROW),
                        reader.read(ALLOWED_LATENESS_ROW),
                        reader.read(OUT_OF_ORDERNESS_ROW),
                        reader.read(IDLENESS_ROW)),
                reader.read(DEDUP_TTL_ROW),
                reader.read(PARALLELISM_ROW),
                reader.read(MAX_PARALLELISM_ROW),
                new ValidationSettings(reader.read(MAX_FUTURE_SKEW_ROW), metricRules(reader)));
        new HealthJobRules(reader, settings, checkpoint).check();
        return settings;
    }

    /** An unset key is a problem that says why it is needed; a key that could not be read is reported already. */
    private static String required(ConfigReader reader, String key, String why) {
        Optional<String> value = reader.optionalString(key);
        if (value.isEmpty() && reader.valid(key)) {
            reader.reject(key, "is required: " + why);
        }
        return value.orElse(null);
    }

    private static Map<MetricType, MetricRule> metricRules(ConfigReader reader) {
        Map<MetricType, MetricRule> rules = new EnumMap<>(MetricType.class);
        for (MetricType metricType : MetricType.values()) {
            rules.put(
                    metricType,
                    new MetricRule(
                            reader.read(bound(metricType, "min")),
                            reader.read(bound(metricType, "max")),
                            required(
                                    reader,
                                    metricKey(metricType, "unit"),
                                    "measurements of " + metricType + " are checked against it")));
        }
        return rules;
    }

    /** Client properties the job sets from its own keys; set in two places, one would silently lose. */
    private static final Map<String, String> OWNED_PROPERTIES = Map.of(
            "bootstrap.servers", BOOTSTRAP_SERVERS,
            "group.id", GROUP_ID,
            "transactional.id", TRANSACTIONAL_ID_PREFIX,
            "transaction.timeout.ms", TRANSACTION_TIMEOUT);

    /**
     * The free-form {@code health.kafka.properties} block as Kafka property names: both
     * {@code "security.protocol" = SASL_SSL} and the nested {@code security.protocol = SASL_SSL} work.
     * A property the job sets from one of its own keys is a problem, named as the user wrote it.
     */
    private static Map<String, String> clientProperties(ConfigReader reader) {
        Map<String, String> properties = new LinkedHashMap<>();
        Optional<ConfigObject> block = reader.block(KAFKA_PROPERTIES);
        if (block.isEmpty()) {
            return properties; // Absent, or given a single value: ConfigReader.checkUnknownKeys reports that.
        }
        for (Map.Entry<String, ConfigValue> entry : block.get().toConfig().entrySet()) {
            String property = String.join(".", ConfigUtil.splitPath(entry.getKey()));
            String owner = OWNED_PROPERTIES.get(property);
            if (owner != null) {
                reader.reject(
                        KAFKA_PROPERTIES + "." + entry.getKey(),
                        "sets the Kafka property " + property + ", which " + owner
                                + " already controls; set it there, in one place");
            } else {
                properties.put(property, render(entry.getValue()));
            }
        }
        return properties;
    }

    /** Kafka takes lists as comma-separated strings. */
    private static String render(ConfigValue value) {
        if (value.valueType() == ConfigValueType.LIST) {
            return ((ConfigList) value)
                    .unwrapped().stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        return String.valueOf(value.unwrapped());
    }
}
