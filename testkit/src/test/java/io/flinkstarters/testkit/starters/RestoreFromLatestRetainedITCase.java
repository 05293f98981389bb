package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.testkit.starters.CountingJob.Output;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redeploy from scratch: a job cancelled with retention on leaves a completed checkpoint, and a new
 * submission with {@code restore.from = latest-retained} continues from it with source position and
 * keyed state intact; the same submission with {@code restore.from = none} starts over, which shows
 * the check can fail.
 */
class RestoreFromLatestRetainedITCase {

    @TempDir
    Path dir;

    private StarterSettings settings(String restoreFrom) {
        return FlinkStarters.settings(
                TestConfigs.load(dir, """
                flink.checkpoint {
                  interval = 200ms
                  min-pause = 50ms
                  storage.dir = "%s"
                }
                flink.recovery.restore.from = %s
                """.formatted(dir.resolve("checkpoints").toUri(), restoreFrom)));
    }

    @Test
    void redeployedJobContinuesFromTheLatestRetainedCheckpoint() throws Exception {
        List<Output> first = CountingJob.runUntilCheckpointed(settings("latest-retained"), "first", 3);
        assertThat(first.get(0)).isEqualTo(new Output(0, 1));

        Optional<RestorePoint> retained = RetainedCheckpoints.latestCheckpoint(
                dir.resolve("checkpoints").toUri().toString());
        assertThat(retained)
                .as("a completed checkpoint retained after cancellation")
                .isPresent();

        StarterSettings redeploy = settings("latest-retained");
        assertThat(redeploy.restorePoint()).isEqualTo(retained);
        List<Output> second = CountingJob.runUntilCheckpointed(redeploy, "second", 1);

        assertThat(second.get(0).n())
                .as("first element after restore, in " + CountingJob.describe(second))
                .isPositive();
        assertThat(second.get(0).n())
                .isLessThanOrEqualTo(first.get(first.size() - 1).n() + 1);
        assertThat(second)
                .as("counts continue from the restored state: " + CountingJob.describe(second))
                .allMatch(Output::consistent);
    }

    @Test
    void withoutRestoreTheJobStartsOver() throws Exception {
        CountingJob.runUntilCheckpointed(settings("none"), "before", 2);
        assertThat(RetainedCheckpoints.latestCheckpoint(
                        dir.resolve("checkpoints").toUri().toString()))
                .isPresent();

        List<Output> fresh = CountingJob.runUntilCheckpointed(settings("none"), "fresh", 1);

        assertThat(fresh.get(0)).isEqualTo(new Output(0, 1));
    }
}
