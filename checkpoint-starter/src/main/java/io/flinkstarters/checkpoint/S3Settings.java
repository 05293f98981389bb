package io.flinkstarters.checkpoint;

import io.flinkstarters.config.Secret;
import java.util.Optional;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Access to an S3-compatible store (AWS S3, MinIO, ...) for checkpoint storage, mapped onto
 * flink-s3-fs-hadoop's keys. Empty values leave S3A's own defaults (AWS endpoints, credential chain).
 */
@PublicEvolving
public record S3Settings(
        Optional<String> endpoint, boolean pathStyleAccess, Optional<Secret> accessKey, Optional<Secret> secretKey) {

    /** Whether anything here needs to reach the S3 file system. */
    public boolean isConfigured() {
        return endpoint.isPresent() || accessKey.isPresent() || secretKey.isPresent() || pathStyleAccess;
    }
}
