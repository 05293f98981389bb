package io.flinkstarters.checkpoint;

import static io.flinkstarters.config.SettingType.bool;
import static io.flinkstarters.config.SettingType.choice;
import static io.flinkstarters.config.SettingType.durationAtLeast;
import static io.flinkstarters.config.SettingType.nonNegativeDuration;
import static io.flinkstarters.config.SettingType.numberBetween;
import static io.flinkstarters.config.SettingType.optionalSecret;
import static io.flinkstarters.config.SettingType.orNull;
import static io.flinkstarters.config.SettingType.wholeNumber;

import com.typesafe.config.Config;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Secret;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingType;
import io.flinkstarters.config.SettingValues;
import io.flinkstarters.config.SettingsTable;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.apache.flink.annotation.Internal;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;

/**
 * The validated {@code flink.checkpoint} settings: checkpoints, state backend and checkpoint storage.
 *
 * <p>Built with {@link #from(Config)} (or {@link #read(ConfigReader)} when several starters share one
 * problem report) and turned into Flink's typed options with {@link #toConfiguration()}. Every key is
 * a row of {@link #TABLE}: its type (with the limits Flink enforces), the Flink option it feeds and
 * whether Flink reads that option from the cluster's configuration.
 *
 * @param values every {@code flink.checkpoint} value, as read by {@link #TABLE}
 */
@PublicEvolving
public record CheckpointSettings(SettingValues values) {

    public static final String PREFIX = "flink.checkpoint";

    /** Flink's smallest checkpoint interval and timeout ({@code CheckpointConfig}'s MINIMAL_CHECKPOINT_TIME). */
    private static final Duration FLINK_MINIMUM = Duration.ofMillis(10);

    public static final Setting<Boolean> ENABLED = Setting.of(PREFIX + ".enabled", bool());
    public static final Setting<Duration> INTERVAL = Setting.of(PREFIX + ".interval", durationAtLeast(FLINK_MINIMUM))
            .writes(CheckpointingOptions.CHECKPOINTING_INTERVAL)
            .onlyWhen(ENABLED, true);
    public static final Setting<CheckpointingMode> MODE = Setting.of(PREFIX + ".mode", choice(CheckpointingMode.class))
            .writes(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE)
            .onlyWhen(ENABLED, true);
    public static final Setting<Duration> TIMEOUT = Setting.of(PREFIX + ".timeout", durationAtLeast(FLINK_MINIMUM))
            .writes(CheckpointingOptions.CHECKPOINTING_TIMEOUT)
            .onlyWhen(ENABLED, true);
    /** Read as given; {@link #read} shrinks the default to half a shorter interval. */
    public static final Setting<Duration> MIN_PAUSE = Setting.of(PREFIX + ".min-pause", nonNegativeDuration())
            .writes(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS)
            .onlyWhen(ENABLED, true);

    /**
     * 0 or at least the interval (a rule, Flink's: {@code CheckpointConfig} throws otherwise); the limits
     * are proved against the default interval.
     */
    public static final Setting<Optional<Duration>> INTERVAL_DURING_BACKLOG = Setting.of(
                    PREFIX + ".interval-during-backlog",
                    orNull(nonNegativeDuration()).withFlinkLimits(List.of("0ms", "60s"), List.of("1ms", "59999ms")))
            .writes(CheckpointingOptions.CHECKPOINTING_INTERVAL_DURING_BACKLOG, interval -> interval.orElse(null))
            .onlyWhen(ENABLED, true);

    public static final Setting<Integer> MAX_CONCURRENT = Setting.of(PREFIX + ".max-concurrent", wholeNumber(1))
            .writes(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS)
            .onlyWhen(ENABLED, true);
    /** Always written while checkpointing: Flink's default of 0 fails the job on the first failed checkpoint. */
    public static final Setting<Integer> TOLERABLE_FAILURES = Setting.of(PREFIX + ".tolerable-failures", wholeNumber(0))
            .writes(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER)
            .onlyWhen(ENABLED, true);

    public static final Setting<Retention> RETENTION = Setting.of(PREFIX + ".retention", choice(Retention.class))
            .writes(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, Retention::toFlink)
            .onlyWhen(ENABLED, true);
    /** Flink does not refuse 0 but silently keeps 1 instead. */
    public static final Setting<Integer> RETAINED = Setting.of(PREFIX + ".retained", wholeNumber(1))
            .writes(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS)
            .clusterLevel()
            .onlyWhen(ENABLED, true);

    public static final Setting<Boolean> UNALIGNED_ENABLED = Setting.of(PREFIX + ".unaligned.enabled", bool())
            .writes(CheckpointingOptions.ENABLE_UNALIGNED)
            .onlyWhen(ENABLED, true);
    public static final Setting<Duration> ALIGNED_TIMEOUT = Setting.of(
                    PREFIX + ".unaligned.aligned-timeout", nonNegativeDuration())
            .writes(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT)
            .onlyWhen(ENABLED, true)
            .onlyWhen(UNALIGNED_ENABLED, true);
    /** Flink applies it only to unaligned checkpoints, and only in operators that support it. */
    public static final Setting<Boolean> INTERRUPTIBLE_TIMERS = Setting.of(
                    PREFIX + ".unaligned.interruptible-timers", bool())
            .writes(CheckpointingOptions.ENABLE_UNALIGNED_INTERRUPTIBLE_TIMERS)
            .onlyWhen(ENABLED, true)
            .onlyWhen(UNALIGNED_ENABLED, true);

    public static final Setting<Boolean> FILE_MERGING_ENABLED = Setting.of(PREFIX + ".file-merging.enabled", bool())
            .writes(CheckpointingOptions.FILE_MERGING_ENABLED)
            .onlyWhen(ENABLED, true);
    public static final Setting<Boolean> FILE_MERGING_ACROSS_CHECKPOINTS = Setting.of(
                    PREFIX + ".file-merging.across-checkpoints", bool())
            .writes(CheckpointingOptions.FILE_MERGING_ACROSS_BOUNDARY)
            .onlyWhen(ENABLED, true)
            .onlyWhen(FILE_MERGING_ENABLED, true);
    /** Flink takes any value (below 1 turns the space control off); 1 to 100 keeps it on and bounded. */
    public static final Setting<Double> FILE_MERGING_MAX_SPACE_AMPLIFICATION = Setting.of(
                    PREFIX + ".file-merging.max-space-amplification",
                    numberBetween(1.0, 100.0).withFlinkLimits(List.of("1.0", "100.0"), List.of()))
            .writes(CheckpointingOptions.FILE_MERGING_MAX_SPACE_AMPLIFICATION, Double::floatValue)
            .onlyWhen(ENABLED, true)
            .onlyWhen(FILE_MERGING_ENABLED, true);

    public static final Setting<StateBackendType> STATE_BACKEND_TYPE = Setting.of(
                    PREFIX + ".state-backend.type", choice(StateBackendType.class))
            .writes(StateBackendOptions.STATE_BACKEND, StateBackendType::flinkName);
    /** An explicit {@code true} with hashmap is an error (see {@link CheckpointRules}); the default is quietly dropped. */
    public static final Setting<Boolean> INCREMENTAL = Setting.of(PREFIX + ".state-backend.incremental", bool())
            .writes(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)
            .onlyWhen(STATE_BACKEND_TYPE, StateBackendType.ROCKSDB);

    public static final Setting<Boolean> LOCAL_RECOVERY = Setting.of(PREFIX + ".state-backend.local-recovery", bool())
            .writes(StateRecoveryOptions.LOCAL_RECOVERY)
            .clusterLevel();
    public static final Setting<Boolean> BLOOM_FILTER = Setting.of(PREFIX + ".state-backend.bloom-filter", bool())
            .writes(RocksDbOptions.USE_BLOOM_FILTER)
            .onlyWhen(STATE_BACKEND_TYPE, StateBackendType.ROCKSDB);
    public static final Setting<TimerStore> TIMERS = Setting.of(
                    PREFIX + ".state-backend.timers", choice(TimerStore.class))
            .writes(RocksDbOptions.TIMER_SERVICE_FACTORY, TimerStore::flinkName)
            .onlyWhen(STATE_BACKEND_TYPE, StateBackendType.ROCKSDB);
    /** Also decides {@code execution.checkpointing.storage}, which {@link #toConfiguration()} writes. */
    public static final Setting<Optional<String>> STORAGE_DIR = Setting.of(PREFIX + ".storage.dir", directory())
            .writes(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir -> dir.orElse(null))
            .controls(CheckpointingOptions.CHECKPOINT_STORAGE);

    public static final Setting<Optional<String>> SAVEPOINT_DIR = Setting.of(
                    PREFIX + ".storage.savepoint-dir", directory())
            .writes(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir -> dir.orElse(null));
    public static final Setting<Optional<String>> S3_ENDPOINT = Setting.of(PREFIX + ".s3.endpoint", endpoint())
            .writes(S3Options.ENDPOINT, endpoint -> endpoint.orElse(null))
            .clusterLevel();
    /** Written by {@link #toConfiguration()} only when S3 is configured at all. */
    public static final Setting<Boolean> S3_PATH_STYLE_ACCESS = Setting.of(PREFIX + ".s3.path-style-access", bool())
            .controls(S3Options.PATH_STYLE_ACCESS)
            .clusterLevel();

    public static final Setting<Optional<Secret>> S3_ACCESS_KEY = Setting.of(
                    PREFIX + ".s3.access-key", optionalSecret())
            .writes(S3Options.ACCESS_KEY, key -> key.map(Secret::reveal).orElse(null))
            .clusterLevel();
    public static final Setting<Optional<Secret>> S3_SECRET_KEY = Setting.of(
                    PREFIX + ".s3.secret-key", optionalSecret())
            .writes(S3Options.SECRET_KEY, key -> key.map(Secret::reveal).orElse(null))
            .clusterLevel();

    /** Every {@code flink.checkpoint} key, the Flink option it feeds and how. */
    @Internal
    public static final SettingsTable TABLE = SettingsTable.of(
            ENABLED,
            INTERVAL,
            MODE,
            TIMEOUT,
            MIN_PAUSE,
            INTERVAL_DURING_BACKLOG,
            MAX_CONCURRENT,
            TOLERABLE_FAILURES,
            RETENTION,
            RETAINED,
            UNALIGNED_ENABLED,
            ALIGNED_TIMEOUT,
            INTERRUPTIBLE_TIMERS,
            FILE_MERGING_ENABLED,
            FILE_MERGING_ACROSS_CHECKPOINTS,
            FILE_MERGING_MAX_SPACE_AMPLIFICATION,
            STATE_BACKEND_TYPE,
            INCREMENTAL,
            LOCAL_RECOVERY,
            BLOOM_FILTER,
            TIMERS,
            STORAGE_DIR,
            SAVEPOINT_DIR,
            S3_ENDPOINT,
            S3_PATH_STYLE_ACCESS,
            S3_ACCESS_KEY,
            S3_SECRET_KEY);

    /**
     * A checkpoint or savepoint directory the way Flink's file system checkpoint storage accepts it: a
     * URI with a scheme, below the root (Flink refuses {@code /var/flink}, {@code checkpoints} and
     * {@code file:///}).
     */
    private static SettingType<Optional<String>> directory() {
        return withoutCredentials()
                .where(
                        dir -> dir.map(CheckpointSettings::hasScheme).orElse(true),
                        "must be a URI with a scheme, such as s3://bucket/checkpoints or file:///var/flink/checkpoints"
                                + " (Flink refuses a directory without one)")
                .where(
                        dir -> dir.map(CheckpointSettings::belowRoot).orElse(true),
                        "must name a directory below the root, such as s3://bucket/checkpoints"
                                + " (Flink refuses to write into the root of a file system or bucket)")
                .where(
                        dir -> dir.filter(StorageSettings::isS3)
                                .map(CheckpointSettings::namesBucket)
                                .orElse(true),
                        "must name a bucket, e.g. s3://bucket/checkpoints")
                .withFlinkLimits(
                        List.of("file:///var/flink/checkpoints", "s3://bucket/checkpoints"),
                        List.of("/var/flink/checkpoints", "checkpoints", "file:///", "s3://bucket/"));
    }

    /** An S3 endpoint URL: {@code http://minio:9000}. */
    private static SettingType<Optional<String>> endpoint() {
        return withoutCredentials()
                .where(
                        endpoint -> endpoint.map(CheckpointSettings::isUrl).orElse(true),
                        "must be a URL such as http://minio:9000");
    }

    /** Credentials belong in the keys that are never printed, not in a URI that is. */
    private static SettingType<Optional<String>> withoutCredentials() {
        return SettingType.optionalLocation(PREFIX + ".s3.access-key and " + PREFIX
                + ".s3.secret-key (env FLINK_S3_ACCESS_KEY, FLINK_S3_SECRET_KEY)");
    }

    private static boolean isUrl(String text) {
        try {
            URI uri = new URI(text);
            return uri.getScheme() != null && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean hasScheme(String dir) {
        return uri(dir).map(uri -> uri.getScheme() != null).orElse(false);
    }

    private static boolean belowRoot(String dir) {
        return uri(dir).map(uri -> uri.getPath() != null
                        && !uri.getPath().isEmpty()
                        && !uri.getPath().equals("/"))
                .orElse(false);
    }

    private static boolean namesBucket(String dir) {
        return uri(dir).map(
                        uri -> uri.getAuthority() != null && !uri.getAuthority().isBlank())
                .orElse(false);
    }

    /** The directory parsed the way Flink parses it. */
    private static Optional<URI> uri(String dir) {
        try {
            return Optional.of(new Path(dir).toUri());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Reads and validates {@code flink.checkpoint}; throws one exception listing every problem. */
    public static CheckpointSettings from(Config config) {
        ConfigReader reader = new ConfigReader(config);
        reader.checkUnknownKeys("flink");
        CheckpointSettings settings = read(reader);
        reader.throwIfInvalid();
        return settings;
    }

    /**
     * Reads {@code flink.checkpoint}, recording problems in the reader. The result must not be used
     * unless {@link ConfigReader#throwIfInvalid()} passes afterwards.
     */
    public static CheckpointSettings read(ConfigReader reader) {
        SettingValues values = TABLE.read(reader);
        CheckpointSettings settings = new CheckpointSettings(values.with(MIN_PAUSE, minPause(reader, values)));
        new CheckpointRules(reader, settings).check();
        TABLE.warnIgnored(reader, settings.values());
        return settings;
    }

    /**
     * The default pause (30 s) would exceed a short interval such as 5 s; left at its default it
     * shrinks to half the interval, so setting only the interval (as the predecessor's
     * FLINK_CHECKPOINT_INTERVAL_MS deployments do) keeps working. An explicit pause is kept as given.
     */
    private static Duration minPause(ConfigReader reader, SettingValues values) {
        Duration minPause = values.get(MIN_PAUSE);
        Duration interval = values.get(INTERVAL);
        if (!reader.isExplicit(MIN_PAUSE) && reader.valid(INTERVAL) && minPause.compareTo(interval) >= 0) {
            return interval.dividedBy(2);
        }
        return minPause;
    }

    public boolean enabled() {
        return values.get(ENABLED);
    }

    public Duration interval() {
        return values.get(INTERVAL);
    }

    public CheckpointingMode mode() {
        return values.get(MODE);
    }

    public Duration timeout() {
        return values.get(TIMEOUT);
    }

    /** The pause in effect: as given, or the default shrunk to half a shorter interval. */
    public Duration minPause() {
        return values.get(MIN_PAUSE);
    }

    /** The interval while a source reports a backlog; empty keeps {@link #interval()}, zero pauses checkpoints. */
    public Optional<Duration> intervalDuringBacklog() {
        return values.get(INTERVAL_DURING_BACKLOG);
    }

    public int maxConcurrent() {
        return values.get(MAX_CONCURRENT);
    }

    public int tolerableFailures() {
        return values.get(TOLERABLE_FAILURES);
    }

    public Retention retention() {
        return values.get(RETENTION);
    }

    public int retained() {
        return values.get(RETAINED);
    }

    public UnalignedSettings unaligned() {
        return new UnalignedSettings(
                values.get(UNALIGNED_ENABLED), values.get(ALIGNED_TIMEOUT), values.get(INTERRUPTIBLE_TIMERS));
    }

    public FileMergingSettings fileMerging() {
        return new FileMergingSettings(
                values.get(FILE_MERGING_ENABLED),
                values.get(FILE_MERGING_ACROSS_CHECKPOINTS),
                values.get(FILE_MERGING_MAX_SPACE_AMPLIFICATION));
    }

    public StateBackendSettings stateBackend() {
        return new StateBackendSettings(
                values.get(STATE_BACKEND_TYPE),
                values.get(INCREMENTAL),
                values.get(LOCAL_RECOVERY),
                values.get(BLOOM_FILTER),
                values.get(TIMERS));
    }

    public StorageSettings storage() {
        return new StorageSettings(values.get(STORAGE_DIR), values.get(SAVEPOINT_DIR));
    }

    public S3Settings s3() {
        return new S3Settings(
                values.get(S3_ENDPOINT),
                values.get(S3_PATH_STYLE_ACCESS),
                values.get(S3_ACCESS_KEY),
                values.get(S3_SECRET_KEY));
    }

    /** Whether incremental checkpoints actually run: asked for, and supported by the backend. */
    public boolean effectiveIncremental() {
        return stateBackend().incremental() && stateBackend().type().supportsIncremental();
    }

    /** Flink's typed options for these settings: every 1:1 row of {@link #TABLE}, then the derived ones. */
    public Configuration toConfiguration() {
        Configuration configuration = new Configuration();
        TABLE.write(values, configuration);
        configuration.set(
                CheckpointingOptions.CHECKPOINT_STORAGE, storage().dir().isPresent() ? "filesystem" : "jobmanager");
        if (s3().isConfigured()) {
            configuration.set(S3Options.PATH_STYLE_ACCESS, s3().pathStyleAccess());
        }
        return configuration;
    }

    /** The part of {@link #toConfiguration()} Flink reads from the cluster's configuration only. */
    public Configuration clusterConfiguration() {
        return TABLE.clusterPart(toConfiguration());
    }
}
