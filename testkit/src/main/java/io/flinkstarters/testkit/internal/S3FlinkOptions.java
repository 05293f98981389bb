package io.flinkstarters.testkit.internal;

import io.flinkstarters.checkpoint.S3Options;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * The flink-s3-fs-hadoop options that point {@code s3://} at a local object store (any {@code s3.*}
 * key reaches S3A as {@code fs.s3a.*}).
 *
 * <p>Besides endpoint, path-style access and credentials, the retry and timeout settings are cut down:
 * S3A's defaults (20 SDK attempts, then 7 S3A retries from 500 ms up, a 200 s socket timeout) make one
 * write against a stopped store hang for minutes, so a "checkpoint-storage outage" test would only
 * measure S3A's patience. One SDK retry is kept: after the store comes back, the first request may
 * still go out on a pooled connection the old server closed, and that retry absorbs it.
 */
@Internal
public final class S3FlinkOptions {

    /** The retry and timeout settings that make a stopped store fail a request in well under a second. */
    public static final Map<String, String> FAIL_FAST = failFast();

    private S3FlinkOptions() {}

    private static Map<String, String> failFast() {
        Map<String, String> options = new LinkedHashMap<>();
        options.put("s3.attempts.maximum", "1");
        options.put("s3.retry.limit", "1");
        options.put("s3.retry.interval", "100ms");
        options.put("s3.connection.establish.timeout", "2000");
        options.put("s3.connection.timeout", "10000");
        return Collections.unmodifiableMap(options);
    }

    public static Map<String, String> forLocalStore(String endpoint, String accessKey, String secretKey) {
        Map<String, String> options = new LinkedHashMap<>();
        options.put(S3Options.ENDPOINT.key(), endpoint);
        // A loopback endpoint has no per-bucket host names; without this S3A looks up bucket.127.0.0.1.
        options.put(S3Options.PATH_STYLE_ACCESS.key(), "true");
        options.put(S3Options.ACCESS_KEY.key(), accessKey);
        options.put(S3Options.SECRET_KEY.key(), secretKey);
        options.putAll(FAIL_FAST);
        return options;
    }
}
