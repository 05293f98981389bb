package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.InvalidConfigurationException;
import io.flinkstarters.config.Problem;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.recovery.RestorePoint;
import io.flinkstarters.recovery.RetainedCheckpoints;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.ObjectStore;
import io.flinkstarters.testkit.starters.CountingJob.Output;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code require-state} and {@code max-age} on real checkpoints in an S3-protocol store: a deployment that
 * must start from state is refused while nothing is retained (naming where it looked) and accepted once
 * a job has left a checkpoint, which then really restores; a retained checkpoint older than the limit is
 * refused, or restored with a warning; an unreachable store is reported as such, never as "nothing found".
 */
class RestoreSafetyITCase {

    private static ObjectStore store;

    @TempDir
    Path dir;

    @BeforeAll
    static void startStore() {
        store = ObjectStore.start("restore-safety");
    }

    @AfterAll
    static void stopStore() {
        store.close();
    }

    private StarterSettings settings(String prefix, String restore) {
        return FlinkStarters.settings(TestConfigs.load(
                dir, """
                flink.checkpoint {
                  interval = 200ms
                  min-pause = 50ms
                  state-backend.type = hashmap
                  storage.dir = "%s"
                }
                flink.conf { "pipeline.max-parallelism" = 16 }
                flink.starters.preflight.enabled = false
                flink.recovery.restore { from = latest-retained, %s }
                """.formatted(store.uri(prefix + "/checkpoints"), restore) + store.starterHocon()));
    }

    private InvalidConfigurationException refused(String prefix, String restore) {
        InvalidConfigurationException e =
                catchThrowableOfType(InvalidConfigurationException.class, () -> settings(prefix, restore));
        assertThat(e).as("refused before submission").isNotNull();
        return e;
    }

    private List<Output> run(StarterSettings settings, String run) throws Exception {
        return CountingJob.runUntilCheckpointed(settings, run, 2);
    }

    @Test
    void requireStateRefusesAnEmptyStartUntilAJobHasLeftACheckpoint() throws Exception {
        InvalidConfigurationException empty = refused("required", "require-state = true");

        assertThat(empty.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .startsWith("flink.recovery.restore.require-state = true (")
                        .contains("found no completed checkpoint or savepoint (one holding _metadata) under "
                                + store.uri("required/checkpoints")));

        StarterSettings first = settings("required", "require-state = false");
        assertThat(first.restorePoint()).isEmpty();
        assertThat(first.warnings())
                .extracting(Problem::message)
                .anyMatch(message -> message.contains("the job starts from empty state, as a first deployment does"));
        List<Output> before = run(first, "required-first");

        StarterSettings redeploy = settings("required", "require-state = true");
        assertThat(redeploy.restorePoint()).isPresent();
        List<Output> after = run(redeploy, "required-second");
        assertThat(after.get(0).n())
                .as("continues from the retained checkpoint: " + CountingJob.describe(after))
                .isPositive()
                .isLessThanOrEqualTo(before.get(before.size() - 1).n() + 1);
        assertThat(after).allMatch(Output::consistent);
    }

    @Test
    void aCheckpointOlderThanMaxAgeIsRefusedOrRestoredWithAWarning() throws Exception {
        run(settings("aged", "max-age = 1h"), "aged");
        RestorePoint retained = RetainedCheckpoints.latestCheckpoint(store.uri("aged/checkpoints"))
                .orElseThrow();
        assertThat(settings("aged", "max-age = 1h").restorePoint())
                .as("within the limit")
                .contains(retained);
        Await.until(
                "the retained checkpoint to be older than 2s",
                () -> Duration.between(retained.completedAt(), Instant.now()),
                age -> age.compareTo(Duration.ofSeconds(2)) > 0,
                Duration.ofSeconds(10));

        InvalidConfigurationException tooOld = refused("aged", "max-age = 2s");

        assertThat(tooOld.problems())
                .singleElement()
                .satisfies(problem -> assertThat(problem.toString())
                        .startsWith("flink.recovery.restore.max-age = 2s (")
                        .contains("the newest snapshot, " + retained.path() + ", completed at ")
                        .contains("which is older than this limit"));
        StarterSettings warned = settings("aged", "max-age = 2s, max-age-action = warn");
        assertThat(warned.restorePoint()).contains(retained);
        assertThat(warned.warnings()).extracting(Problem::key).contains("flink.recovery.restore.max-age");
    }

    @Test
    void anUnreachableStoreIsNotNothingFound() {
        InvalidConfigurationException e;
        try (ObjectStore.Outage outage = store.outage()) {
            e = refused("unreachable", "require-state = true");
        }

        assertThat(e.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo("flink.recovery.restore.from");
            assertThat(problem.message()).startsWith("cannot read the snapshot storage: ");
        });
    }
}
