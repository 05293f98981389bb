package io.flinkstarters.checkpoint;

import com.typesafe.config.Config;
import io.flinkstarters.config.ConfigReader;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.CheckpointingMode;
import org.apache.flink.core.fs.Path;

/**
 * The validated {@code flink.checkpoint} settings: checkpoints, state backend and checkpoint storage.
 *
 * <p>Built with {@link #from(Config)} (or {@link #read(ConfigReader)} when several starters share one
 * problem report) and turned into Flink's typed options with {@link #toConfiguration()}.
 */
@PublicEvolving
public record CheckpointSettings(
        boolean enabled,
        Duration interval,
        CheckpointingMode mode,
        Duration timeout,
        Duration minPause,
        int maxConcurrent,
        int tolerableFailures,
        Retention retention,
        int retained,
        UnalignedSettings unaligned,
        StateBackendSettings stateBackend,
        StorageSettings storage,
        S3Settings s3) {

    public static final String PREFIX = "flink.checkpoint";
    public static final String ENABLED = PREFIX + ".enabled";
    public static final String INTERVAL = PREFIX + ".interval";
    public static final String MODE = PREFIX + ".mode";
    public static final String TIMEOUT = PREFIX + ".timeout";
    public static final String MIN_PAUSE = PREFIX + ".min-pause";
    public static final String MAX_CONCURRENT = PREFIX + ".max-concurrent";
    public static final String TOLERABLE_FAILURES = PREFIX + ".tolerable-failures";
    public static final String RETENTION = PREFIX + ".retention";
    public static final String RETAINED = PREFIX + ".retained";
    public static final String UNALIGNED_ENABLED = PREFIX + ".unaligned.enabled";
    public static final String ALIGNED_TIMEOUT = PREFIX + ".unaligned.aligned-timeout";
    public static final String STATE_BACKEND_TYPE = PREFIX + ".state-backend.type";
    public static final String INCREMENTAL = PREFIX + ".state-backend.incremental";
    public static final String LOCAL_RECOVERY = PREFIX + ".state-backend.local-recovery";
    public static final String BLOOM_FILTER = PREFIX + ".state-backend.bloom-filter";
    public static final String TIMERS = PREFIX + ".state-backend.timers";
    public static final String STORAGE_DIR = PREFIX + ".storage.dir";
    public static final String SAVEPOINT_DIR = PREFIX + ".storage.savepoint-dir";
    public static final String S3_ENDPOINT = PREFIX + ".s3.endpoint";
    public static final String S3_PATH_STYLE_ACCESS = PREFIX + ".s3.path-style-access";
    public static final String S3_ACCESS_KEY = PREFIX + ".s3.access-key";
    public static final String S3_SECRET_KEY = PREFIX + ".s3.secret-key";

    /** Every Flink option this starter sets, with the HOCON key that controls it. */
    public static final Map<ConfigOption<?>, String> MODELED_OPTIONS = modeledOptions();

    private static Map<ConfigOption<?>, String> modeledOptions() {
        Map<ConfigOption<?>, String> options = new LinkedHashMap<>();
        options.put(CheckpointingOptions.CHECKPOINTING_INTERVAL, INTERVAL);
        options.put(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, MODE);
        options.put(CheckpointingOptions.CHECKPOINTING_TIMEOUT, TIMEOUT);
        options.put(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, MIN_PAUSE);
        options.put(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, MAX_CONCURRENT);
        options.put(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, TOLERABLE_FAILURES);
        options.put(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, RETENTION);
        options.put(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, RETAINED);
        options.put(CheckpointingOptions.ENABLE_UNALIGNED, UNALIGNED_ENABLED);
        options.put(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, ALIGNED_TIMEOUT);
        options.put(StateBackendOptions.STATE_BACKEND, STATE_BACKEND_TYPE);
        options.put(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, INCREMENTAL);
        options.put(StateRecoveryOptions.LOCAL_RECOVERY, LOCAL_RECOVERY);
        options.put(RocksDbOptions.USE_BLOOM_FILTER, BLOOM_FILTER);
        options.put(RocksDbOptions.TIMER_SERVICE_FACTORY, TIMERS);
        options.put(CheckpointingOptions.CHECKPOINT_STORAGE, STORAGE_DIR);
        options.put(CheckpointingOptions.CHECKPOINTS_DIRECTORY, STORAGE_DIR);
        options.put(CheckpointingOptions.SAVEPOINT_DIRECTORY, SAVEPOINT_DIR);
        options.put(S3Options.ENDPOINT, S3_ENDPOINT);
        options.put(S3Options.PATH_STYLE_ACCESS, S3_PATH_STYLE_ACCESS);
        options.put(S3Options.ACCESS_KEY, S3_ACCESS_KEY);
        options.put(S3Options.SECRET_KEY, S3_SECRET_KEY);
        return Map.copyOf(options);
    }

    /**
     * Options Flink reads from the cluster's configuration, not from a submitted job's: a job's value
     * takes effect only where the job's configuration is the cluster's (local execution, application
     * mode with the job's configuration, a MiniCluster started from it). On a session cluster they
     * belong in its {@code config.yaml}.
     */
    public static final Set<ConfigOption<?>> CLUSTER_LEVEL_OPTIONS = Set.of(
            CheckpointingOptions.MAX_RETAINED_CHECKPOINTS,
            StateRecoveryOptions.LOCAL_RECOVERY,
            S3Options.ENDPOINT,
            S3Options.PATH_STYLE_ACCESS,
            S3Options.ACCESS_KEY,
            S3Options.SECRET_KEY);

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
        Duration interval = reader.positiveDuration(INTERVAL);
        CheckpointSettings settings = new CheckpointSettings(
                reader.bool(ENABLED),
                interval,
                reader.choice(MODE, CheckpointingMode.class),
                reader.positiveDuration(TIMEOUT),
                minPause(reader, interval),
                reader.intAtLeast(MAX_CONCURRENT, 1),
                reader.intAtLeast(TOLERABLE_FAILURES, 0),
                reader.choice(RETENTION, Retention.class),
                reader.intAtLeast(RETAINED, 1),
                new UnalignedSettings(reader.bool(UNALIGNED_ENABLED), reader.nonNegativeDuration(ALIGNED_TIMEOUT)),
                new StateBackendSettings(
                        reader.choice(STATE_BACKEND_TYPE, StateBackendType.class),
                        reader.bool(INCREMENTAL),
                        reader.bool(LOCAL_RECOVERY),
                        reader.bool(BLOOM_FILTER),
                        reader.choice(TIMERS, TimerStore.class)),
                new StorageSettings(reader.optionalString(STORAGE_DIR), reader.optionalString(SAVEPOINT_DIR)),
                new S3Settings(
                        reader.optionalString(S3_ENDPOINT),
                        reader.bool(S3_PATH_STYLE_ACCESS),
                        reader.optionalSecret(S3_ACCESS_KEY),
                        reader.optionalSecret(S3_SECRET_KEY)));
        new CheckpointRules(reader, settings).check();
        return settings;
    }

    /**
     * The default pause (30 s) would exceed a short interval such as 5 s; left at its default it
     * shrinks to half the interval, so setting only the interval (as the predecessor's
     * FLINK_CHECKPOINT_INTERVAL_MS deployments do) keeps working. An explicit pause is kept as given.
     */
    private static Duration minPause(ConfigReader reader, Duration interval) {
        Duration minPause = reader.nonNegativeDuration(MIN_PAUSE);
        if (!reader.isExplicit(MIN_PAUSE) && reader.valid(INTERVAL) && minPause.compareTo(interval) >= 0) {
            return interval.dividedBy(2);
        }
        return minPause;
    }

    /** Whether incremental checkpoints actually run: asked for, and supported by the backend. */
    public boolean effectiveIncremental() {
        return stateBackend.incremental() && stateBackend.type().supportsIncremental();
    }

    /** Flink's typed options for these settings. */
    public Configuration toConfiguration() {
        Configuration configuration = new Configuration();
        if (enabled) {
            configuration.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, interval);
        }
        configuration.set(CheckpointingOptions.CHECKPOINTING_CONSISTENCY_MODE, mode);
        configuration.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, timeout);
        configuration.set(CheckpointingOptions.MIN_PAUSE_BETWEEN_CHECKPOINTS, minPause);
        configuration.set(CheckpointingOptions.MAX_CONCURRENT_CHECKPOINTS, maxConcurrent);
        // Always explicit: Flink's default of 0 fails the job on the first failed checkpoint.
        configuration.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, tolerableFailures);
        configuration.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION, retention.toFlink());
        configuration.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, retained);
        configuration.set(CheckpointingOptions.ENABLE_UNALIGNED, unaligned.enabled());
        configuration.set(CheckpointingOptions.ALIGNED_CHECKPOINT_TIMEOUT, unaligned.alignedTimeout());
        configuration.set(StateBackendOptions.STATE_BACKEND, stateBackend.type().flinkName());
        configuration.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, effectiveIncremental());
        configuration.set(StateRecoveryOptions.LOCAL_RECOVERY, stateBackend.localRecovery());
        if (stateBackend.isRocksDb()) {
            configuration.set(RocksDbOptions.USE_BLOOM_FILTER, stateBackend.bloomFilter());
            configuration.set(
                    RocksDbOptions.TIMER_SERVICE_FACTORY, stateBackend.timers().flinkName());
        }
        configuration.set(
                CheckpointingOptions.CHECKPOINT_STORAGE, storage.dir().isPresent() ? "filesystem" : "jobmanager");
        storage.dir().ifPresent(dir -> configuration.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir));
        storage.savepointDir().ifPresent(dir -> configuration.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, dir));
        s3.endpoint().ifPresent(endpoint -> configuration.set(S3Options.ENDPOINT, endpoint));
        if (s3.isConfigured()) {
            configuration.set(S3Options.PATH_STYLE_ACCESS, s3.pathStyleAccess());
        }
        s3.accessKey().ifPresent(key -> configuration.set(S3Options.ACCESS_KEY, key.reveal()));
        s3.secretKey().ifPresent(key -> configuration.set(S3Options.SECRET_KEY, key.reveal()));
        return configuration;
    }

    /** Parses a directory the way Flink will, or explains why it cannot be used. */
    static Optional<String> directoryProblem(String dir) {
        try {
            URI uri = new Path(dir).toUri();
            if (uri.getScheme() == null && !uri.getPath().startsWith("/")) {
                return Optional.of(
                        "must be an absolute path or a URI such as s3://bucket/checkpoints or file:///var/flink/checkpoints");
            }
            if (StorageSettings.isS3(dir)
                    && (uri.getAuthority() == null || uri.getAuthority().isBlank())) {
                return Optional.of("must name a bucket, e.g. s3://bucket/checkpoints");
            }
            return Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a valid path or URI: " + e.getMessage());
        }
    }
}
