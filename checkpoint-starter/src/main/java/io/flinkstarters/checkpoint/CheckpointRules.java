package io.flinkstarters.checkpoint;

import static io.flinkstarters.checkpoint.CheckpointSettings.BLOOM_FILTER;
import static io.flinkstarters.checkpoint.CheckpointSettings.INCREMENTAL;
import static io.flinkstarters.checkpoint.CheckpointSettings.INTERVAL;
import static io.flinkstarters.checkpoint.CheckpointSettings.INTERVAL_DURING_BACKLOG;
import static io.flinkstarters.checkpoint.CheckpointSettings.MAX_CONCURRENT;
import static io.flinkstarters.checkpoint.CheckpointSettings.MIN_PAUSE;
import static io.flinkstarters.checkpoint.CheckpointSettings.MODE;
import static io.flinkstarters.checkpoint.CheckpointSettings.RETENTION;
import static io.flinkstarters.checkpoint.CheckpointSettings.S3_ACCESS_KEY;
import static io.flinkstarters.checkpoint.CheckpointSettings.S3_ENDPOINT;
import static io.flinkstarters.checkpoint.CheckpointSettings.S3_PATH_STYLE_ACCESS;
import static io.flinkstarters.checkpoint.CheckpointSettings.S3_SECRET_KEY;
import static io.flinkstarters.checkpoint.CheckpointSettings.SAVEPOINT_DIR;
import static io.flinkstarters.checkpoint.CheckpointSettings.STATE_BACKEND_TYPE;
import static io.flinkstarters.checkpoint.CheckpointSettings.STORAGE_DIR;
import static io.flinkstarters.checkpoint.CheckpointSettings.TIMERS;
import static io.flinkstarters.checkpoint.CheckpointSettings.UNALIGNED_ENABLED;

import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.Setting;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;
import org.apache.flink.core.execution.CheckpointingMode;

/** The rules that span several {@code flink.checkpoint} keys; each records a problem in the reader. */
final class CheckpointRules {

    private final ConfigReader reader;
    private final CheckpointSettings settings;

    CheckpointRules(ConfigReader reader, CheckpointSettings settings) {
        this.reader = reader;
        this.settings = settings;
    }

    void check() {
        if (settings.enabled()) {
            minPauseBelowInterval();
            backlogIntervalIsZeroOrLonger();
            retentionNeedsDirectory();
        }
        unalignedNeedsExactlyOnceAndOneCheckpoint();
        rocksDbOnlySettingsNeedRocksDb();
        backendOnClassPath();
        s3EndpointIsUsable();
        s3CredentialsComeInPairs();
    }

    private void minPauseBelowInterval() {
        if (reader.valid(INTERVAL, MIN_PAUSE) && settings.minPause().compareTo(settings.interval()) >= 0) {
            reader.reject(
                    MIN_PAUSE,
                    "must be shorter than " + INTERVAL + " (" + reader.displayValue(INTERVAL)
                            + "), otherwise checkpoints run less often than the interval says");
        }
    }

    /** Flink's own rule ({@code CheckpointConfig}), which it enforces only once the job is built. */
    private void backlogIntervalIsZeroOrLonger() {
        settings.intervalDuringBacklog()
                .filter(backlog -> reader.valid(INTERVAL, INTERVAL_DURING_BACKLOG)
                        && !backlog.isZero()
                        && backlog.compareTo(settings.interval()) < 0)
                .ifPresent(backlog -> reader.reject(
                        INTERVAL_DURING_BACKLOG,
                        "must be 0 (no checkpoints while a source catches up) or at least " + INTERVAL + " ("
                                + reader.displayValue(INTERVAL) + "): Flink refuses a shorter one when the job is"
                                + " built"));
    }

    private void retentionNeedsDirectory() {
        if (reader.valid(RETENTION, STORAGE_DIR)
                && settings.retention() != Retention.NONE
                && settings.storage().dir().isEmpty()) {
            reader.reject(
                    STORAGE_DIR,
                    RETENTION + " is " + reader.displayValue(RETENTION)
                            + ", which needs a checkpoint directory: set " + STORAGE_DIR
                            + " (env FLINK_CHECKPOINT_STORAGE), e.g. s3://bucket/checkpoints, or set " + RETENTION
                            + " = none");
        }
    }

    private void unalignedNeedsExactlyOnceAndOneCheckpoint() {
        if (!settings.unaligned().enabled() || !reader.valid(UNALIGNED_ENABLED)) {
            return;
        }
        if (reader.valid(MODE) && settings.mode() != CheckpointingMode.EXACTLY_ONCE) {
            reader.reject(
                    UNALIGNED_ENABLED,
                    "unaligned checkpoints need " + MODE + " = exactly-once (it is " + reader.displayValue(MODE) + ")");
        }
        if (reader.valid(MAX_CONCURRENT) && settings.maxConcurrent() != 1) {
            reader.reject(
                    UNALIGNED_ENABLED,
                    "unaligned checkpoints need " + MAX_CONCURRENT + " = 1 (it is " + settings.maxConcurrent() + ")");
        }
    }

    private void rocksDbOnlySettingsNeedRocksDb() {
        StateBackendSettings backend = settings.stateBackend();
        rocksDbOnly(INCREMENTAL, backend.incremental(), "incremental checkpoints need");
        rocksDbOnly(BLOOM_FILTER, backend.bloomFilter(), "Bloom filters need");
        rocksDbOnly(TIMERS, backend.timers() == TimerStore.ROCKSDB, "timers in RocksDB need");
    }

    /** Their defaults quietly do not apply to hashmap; only an explicit request for a RocksDB feature is an error. */
    private void rocksDbOnly(Setting<?> key, boolean requested, String what) {
        if (requested
                && reader.isExplicit(key)
                && reader.valid(STATE_BACKEND_TYPE, key)
                && !settings.stateBackend().isRocksDb()) {
            reader.reject(
                    key,
                    what + " " + STATE_BACKEND_TYPE + " = rocksdb (it is " + reader.displayValue(STATE_BACKEND_TYPE)
                            + " from " + reader.origin(STATE_BACKEND_TYPE) + ")");
        }
    }

    private void backendOnClassPath() {
        StateBackendType type = settings.stateBackend().type();
        if (reader.valid(STATE_BACKEND_TYPE)
                && !type.isAvailable(Thread.currentThread().getContextClassLoader())) {
            reader.reject(
                    STATE_BACKEND_TYPE,
                    "the " + type.flinkName() + " state backend is not on the class path: add " + type.artifact()
                            + " to the job's dependencies (a Flink distribution ships it in lib/)");
        }
    }

    private void s3EndpointIsUsable() {
        if (settings.s3().endpoint().isEmpty() || !reader.valid(S3_ENDPOINT)) {
            return;
        }
        URI endpoint = URI.create(settings.s3().endpoint().get());
        if (!settings.storage().usesS3()) {
            reader.warn(
                    S3_ENDPOINT,
                    "is set but neither " + STORAGE_DIR + " nor " + SAVEPOINT_DIR + " is an s3:// or s3a:// URI");
        } else if (settings.s3().accessKey().isEmpty()
                || settings.s3().secretKey().isEmpty()) {
            reader.reject(
                    S3_ENDPOINT,
                    "a custom S3 endpoint needs credentials: set " + S3_ACCESS_KEY + " and " + S3_SECRET_KEY
                            + " (env FLINK_S3_ACCESS_KEY, FLINK_S3_SECRET_KEY)");
        }
        if (reader.valid(S3_PATH_STYLE_ACCESS)
                && !settings.s3().pathStyleAccess()
                && needsPathStyle(endpoint.getHost())) {
            reader.reject(
                    S3_PATH_STYLE_ACCESS,
                    "must be true for the endpoint " + endpoint.getHost() + ": without it S3A looks up <bucket>."
                            + endpoint.getHost() + " and retries for minutes");
        }
    }

    /** Virtual-host addressing cannot work for IP addresses and single-label hosts such as localhost or minio. */
    private static boolean needsPathStyle(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return !lower.contains(".") || isIpLiteral(lower) || lower.endsWith(".localhost");
    }

    private static boolean isIpLiteral(String host) {
        if (!host.matches("[0-9.]+|\\[?[0-9a-f:]+]?")) {
            return false;
        }
        try {
            InetAddress.getByName(host);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private void s3CredentialsComeInPairs() {
        boolean access = settings.s3().accessKey().isPresent();
        boolean secret = settings.s3().secretKey().isPresent();
        if (access && !secret) {
            reader.reject(S3_SECRET_KEY, "must be set together with " + S3_ACCESS_KEY);
        } else if (secret && !access) {
            reader.reject(S3_ACCESS_KEY, "must be set together with " + S3_SECRET_KEY);
        }
    }
}
