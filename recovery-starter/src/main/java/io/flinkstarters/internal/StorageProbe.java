package io.flinkstarters.internal;

import io.flinkstarters.checkpoint.CheckpointSettings;
import io.flinkstarters.config.ConfigReader;
import io.flinkstarters.config.DurationFormat;
import io.flinkstarters.config.PreflightSettings;
import io.flinkstarters.config.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.fs.FSDataOutputStream;
import org.apache.flink.core.fs.FileSystem;
import org.apache.flink.core.fs.Path;

/**
 * Proves the checkpoint and savepoint directories are writable the way Flink will use them: through
 * Flink's {@link FileSystem} (S3 included), by writing a small probe object and deleting it again.
 * A storage that does not answer within the preflight timeout fails the check rather than hanging the
 * submission (S3 clients retry for minutes by default).
 */
@Internal
public final class StorageProbe {

    private static final String PROBE_PREFIX = ".flink-starters-preflight-";

    private StorageProbe() {}

    /** Probes each configured directory; a failure is recorded against its key. */
    public static void check(ConfigReader reader, CheckpointSettings checkpoint, PreflightSettings preflight) {
        probe(reader, CheckpointSettings.STORAGE_DIR, checkpoint.storage().dir(), preflight.timeout());
        probe(reader, CheckpointSettings.SAVEPOINT_DIR, checkpoint.storage().savepointDir(), preflight.timeout());
    }

    private static void probe(ConfigReader reader, Setting<?> key, Optional<String> dir, Duration timeout) {
        if (dir.isEmpty()) {
            return;
        }
        // A daemon thread: a storage that never answers must not keep the JVM alive either.
        CompletableFuture<Void> probe = new CompletableFuture<>();
        Thread worker = new Thread(
                () -> {
                    try {
                        writeAndDelete(new Path(dir.get()));
                        probe.complete(null);
                    } catch (Throwable e) {
                        probe.completeExceptionally(e);
                    }
                },
                "flink-starters-storage-probe");
        worker.setDaemon(true);
        worker.start();
        try {
            probe.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            worker.interrupt();
            reader.reject(
                    key,
                    "is not writable: the storage did not answer within " + PreflightSettings.TIMEOUT + " = "
                            + DurationFormat.of(timeout) + " " + PreflightSettings.HOW_TO_SKIP);
        } catch (ExecutionException e) {
            reader.reject(
                    key,
                    "is not writable: could not write and delete a probe object there (" + describe(e.getCause()) + ") "
                            + PreflightSettings.HOW_TO_SKIP);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            reader.reject(key, "was not checked: interrupted");
        }
    }

    private static void writeAndDelete(Path dir) throws IOException {
        FileSystem fs = dir.getFileSystem();
        Path probe = new Path(dir, PROBE_PREFIX + UUID.randomUUID());
        try (FSDataOutputStream out = fs.create(probe, FileSystem.WriteMode.NO_OVERWRITE)) {
            out.write("written by the Flink Starters preflight check; safe to delete".getBytes(StandardCharsets.UTF_8));
        }
        if (!fs.delete(probe, false) && fs.exists(probe)) {
            throw new IOException("the probe object " + probe + " could not be deleted");
        }
    }

    /** The exception's class and first line: S3 messages can run to pages of XML. */
    private static String describe(Throwable e) {
        String message = e.getMessage() == null
                ? "no message"
                : e.getMessage().lines().findFirst().orElse("");
        return e.getClass().getSimpleName() + ": " + message;
    }
}
