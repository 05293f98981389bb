package io.flinkstarters.recovery;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.runtime.checkpoint.Checkpoints;
import org.apache.flink.runtime.checkpoint.metadata.CheckpointMetadata;

/** Test snapshots: a {@code _metadata} written by Flink's own serializer, for a checkpoint without state. */
public final class Snapshots {

    private Snapshots() {}

    /** Creates {@code directory/_metadata} for checkpoint {@code id}; returns the directory. */
    public static Path checkpointWithoutState(Path directory, long id) throws IOException {
        Files.createDirectories(directory);
        try (OutputStream file = Files.newOutputStream(directory.resolve(RetainedCheckpoints.METADATA));
                DataOutputStream out = new DataOutputStream(file)) {
            Checkpoints.storeCheckpointMetadata(new CheckpointMetadata(id, List.of(), List.of()), out);
        }
        return directory;
    }
}
