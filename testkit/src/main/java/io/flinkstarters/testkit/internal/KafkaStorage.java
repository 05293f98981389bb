package io.flinkstarters.testkit.internal;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import kafka.tools.StorageTool;
import org.apache.flink.annotation.Internal;
import org.apache.kafka.common.Uuid;

/**
 * Formats a KRaft data directory, as {@code kafka-storage.sh format} does, before the first start.
 * Calls {@link StorageTool#execute} rather than its {@code main}, which would end the JVM.
 */
@Internal
public final class KafkaStorage {

    private KafkaStorage() {}

    /** Formats the log directories named in {@code serverProperties} for a new cluster with a random id. */
    public static void format(Path serverProperties) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        String[] args = {"format", "--cluster-id", Uuid.randomUuid().toString(), "--config", serverProperties.toString()
        };
        int exitCode;
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            exitCode = StorageTool.execute(args, out);
        } catch (RuntimeException e) {
            throw new IllegalStateException(
                    "Formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8), e);
        }
        if (exitCode != 0) {
            throw new IllegalStateException("Formatting Kafka storage exited with " + exitCode + ": "
                    + output.toString(StandardCharsets.UTF_8));
        }
    }
}
