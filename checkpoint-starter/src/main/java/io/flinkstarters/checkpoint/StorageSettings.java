package io.flinkstarters.checkpoint;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where checkpoints and savepoints are written: a file system URI such as
 * {@code s3://bucket/checkpoints} or {@code file:///var/flink/checkpoints}. Without a checkpoint
 * directory Flink keeps checkpoints in JobManager memory and nothing survives a redeploy.
 */
@PublicEvolving
public record StorageSettings(Optional<String> dir, Optional<String> savepointDir) {

    /** The URI schemes flink-s3-fs-hadoop serves. */
    public static final Set<String> S3_SCHEMES = Set.of("s3", "s3a");

    /** Whether either directory is on S3. */
    public boolean usesS3() {
        return dir.filter(StorageSettings::isS3).isPresent()
                || savepointDir.filter(StorageSettings::isS3).isPresent();
    }

    static boolean isS3(String uri) {
        int colon = uri.indexOf(':');
        return colon > 0 && S3_SCHEMES.contains(uri.substring(0, colon).toLowerCase(Locale.ROOT));
    }
}
