package io.flinkstarters.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.CorpusCase;
import io.flinkstarters.config.CorpusRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded sample of the configurations the corpus accepts, each run as a job on a MiniCluster started
 * from it (a local environment: the job's configuration is the cluster's), so "accepted by the
 * starters" is proved to mean "started by Flink": edges of Flink's limits and ordinary controls.
 */
class StartersConfigurationCorpusITCase {

    private static final int EDGES = 5;
    private static final int OTHERS = 4;

    @TempDir
    Path dir;

    @Test
    void aSampleOfTheAcceptedConfigurationsStartsOnAMiniCluster() throws Exception {
        long seed = StartersConfigurationCorpusTest.SEED;
        CorpusRunner.Result result = CorpusRunner.run(
                dir,
                StartersConfigurationCorpusTest.corpus(dir),
                config -> StartersConfigurationCorpusTest.accept(FlinkStarters.settings(config)),
                null);
        List<Map.Entry<CorpusCase, Object>> runnable = new ArrayList<>(result.accepted().entrySet().stream()
                .filter(accepted -> runsWithoutOutsideServices((StarterSettings) accepted.getValue(), dir))
                .toList());
        Collections.shuffle(runnable, new Random(seed));
        List<Map.Entry<CorpusCase, Object>> sample = new ArrayList<>();
        runnable.stream()
                .filter(accepted -> isEdge(accepted.getKey()))
                .limit(EDGES)
                .forEach(sample::add);
        runnable.stream()
                .filter(accepted -> !isEdge(accepted.getKey()))
                .limit(OTHERS)
                .forEach(sample::add);

        for (Map.Entry<CorpusCase, Object> accepted : sample) {
            JobExecutionResult run =
                    run((StarterSettings) accepted.getValue(), accepted.getKey().name());

            assertThat(run.getJobID()).as(accepted.getKey().name()).isNotNull();
        }
        assertThat(sample).hasSize(EDGES + OTHERS);
    }

    /** A value at the edge of a limit Flink enforces. */
    private static boolean isEdge(CorpusCase corpusCase) {
        return corpusCase.name().startsWith("edge:");
    }

    /**
     * S3 needs an object store, Prometheus its reporter jar, a restore its snapshot: not in this sample;
     * nor are directories outside the test's own (an edge such as file:///var/flink/checkpoints).
     */
    private static boolean runsWithoutOutsideServices(StarterSettings settings, Path dir) {
        return settings.toConfiguration().keySet().stream()
                        .noneMatch(key -> key.startsWith("s3.") || key.startsWith("metrics.reporter."))
                && settings.restorePoint().isEmpty()
                && settings.checkpoint()
                        .storage()
                        .dir()
                        .filter(storage -> storage.startsWith(dir.toUri().toString()))
                        .isPresent()
                && settings.checkpoint().storage().savepointDir().isEmpty()
                && settings.passThrough().isEmpty();
    }

    private static JobExecutionResult run(StarterSettings settings, String name) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        env.fromSequence(1, 2_000)
                .keyBy(n -> n % 8)
                .reduce(Long::sum)
                .uid("sum")
                .sinkTo(new DiscardingSink<>());
        return env.execute("corpus " + name);
    }
}
