package io.flinkstarters.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {

    @TempDir
    Path root;

    private Path snapshot(String relative, Instant completedAt) throws IOException {
        Path directory = Files.createDirectories(root.resolve(relative));
        Path metadata = Files.writeString(directory.resolve("_metadata"), "x");
        Files.setLastModifiedTime(metadata, FileTime.from(completedAt));
        return directory;
    }

    private static String uri(Path path) {
        return path.toUri().toString();
    }

    @Test
    void newestCompletedCheckpointAcrossJobIdsWins() throws IOException {
        Instant now = Instant.parse("2026-11-29T10:00:00Z");
        snapshot("checkpoints/aaaa/chk-40", now.minusSeconds(600));
        Path newest = snapshot("checkpoints/bbbb/chk-3", now);
        snapshot("checkpoints/bbbb/chk-2", now.minusSeconds(60));
        Files.createDirectories(root.resolve("checkpoints/bbbb/chk-4")); // in progress: no _metadata
        Files.createDirectories(root.resolve("checkpoints/bbbb/shared"));
        Files.createDirectories(root.resolve("checkpoints/bbbb/taskowned"));

        Optional<RestorePoint> latest = RetainedCheckpoints.latestCheckpoint(uri(root.resolve("checkpoints")));

        assertThat(latest).get().extracting(RestorePoint::path).asString().endsWith("/bbbb/chk-3");
        assertThat(latest.get().kind()).isEqualTo(RestorePoint.Kind.CHECKPOINT);
        assertThat(latest.get().completedAt()).isEqualTo(now);
        assertThat(RetainedCheckpoints.checkpoints(uri(root.resolve("checkpoints"))))
                .hasSize(3);
        assertThat(newest).exists();
    }

    @Test
    void checkpointsWithoutJobSubdirectoriesAreFoundToo() throws IOException {
        snapshot("flat/chk-9", Instant.now());

        assertThat(RetainedCheckpoints.latestCheckpoint(uri(root.resolve("flat"))))
                .get()
                .extracting(RestorePoint::path)
                .asString()
                .endsWith("/flat/chk-9");
    }

    @Test
    void aNewerSavepointBeatsAnOlderCheckpoint() throws IOException {
        Instant now = Instant.now();
        snapshot("checkpoints/job/chk-5", now.minusSeconds(30));
        snapshot("savepoints/savepoint-abc123-0123456789ab", now);

        Optional<RestorePoint> latest = RetainedCheckpoints.latest(
                Optional.of(uri(root.resolve("checkpoints"))), Optional.of(uri(root.resolve("savepoints"))));

        assertThat(latest).get().extracting(RestorePoint::kind).isEqualTo(RestorePoint.Kind.SAVEPOINT);
    }

    @Test
    void nothingRetainedYetIsEmptyNotAnError() {
        assertThat(RetainedCheckpoints.latestCheckpoint(uri(root.resolve("never-written"))))
                .isEmpty();
    }

    @Test
    void aSnapshotIsAddressedByDirectoryOrMetadataFile() throws IOException {
        Path checkpoint = snapshot("checkpoints/job/chk-1", Instant.now());

        assertThat(RetainedCheckpoints.at(uri(checkpoint))).isPresent();
        assertThat(RetainedCheckpoints.at(uri(checkpoint.resolve("_metadata"))))
                .get()
                .extracting(RestorePoint::path)
                .asString()
                .endsWith("/chk-1");
        assertThat(RetainedCheckpoints.at(uri(root.resolve("checkpoints/job/chk-2"))))
                .isEmpty();
    }
}
