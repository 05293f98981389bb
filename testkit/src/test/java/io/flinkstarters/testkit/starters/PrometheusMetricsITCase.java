package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.InJvmMiniCluster;
import io.flinkstarters.testkit.PrometheusEndpoint;
import io.flinkstarters.testkit.PrometheusEndpoint.Sample;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics starter's Prometheus reporter, scraped from a real MiniCluster running a checkpointing job. */
class PrometheusMetricsITCase {

    private static final List<String> CHECKPOINT_METRICS = List.of(
            "flink_jobmanager_job_lastCheckpointDuration",
            "flink_jobmanager_job_lastCheckpointSize",
            "flink_jobmanager_job_numberOfCompletedCheckpoints",
            "flink_jobmanager_job_numberOfFailedCheckpoints",
            "flink_jobmanager_job_numRestarts");

    @TempDir
    Path dir;

    @Test
    void checkpointAndRestartMetricsAreServedForPrometheus() throws Exception {
        int port = PrometheusEndpoint.freePort();
        StarterSettings settings = FlinkStarters.settings(
                TestConfigs.load(dir, """
                flink.checkpoint { interval = 200ms, min-pause = 50ms, storage.dir = "%s" }
                flink.metrics.prometheus { enabled = true, port = "%d" }
                """.formatted(dir.resolve("checkpoints").toUri(), port)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        CountingJob.build(env, "prometheus", 100);

        try (InJvmMiniCluster cluster = InJvmMiniCluster.builder()
                .configuration(settings.clusterConfiguration())
                .start()) {
            JobID job = cluster.submit(env);
            cluster.awaitCompletedCheckpoints(job, 3);
            PrometheusEndpoint prometheus = new PrometheusEndpoint(port);
            Map<String, String> ofJob = Map.of("job_id", job.toString());

            List<Sample> samples = Await.until(
                    "3 completed checkpoints of job " + job + " on Prometheus port " + port,
                    prometheus::scrape,
                    scraped ->
                            PrometheusEndpoint.select(
                                            scraped, "flink_jobmanager_job_numberOfCompletedCheckpoints", ofJob)
                                    .stream()
                                    .anyMatch(sample -> sample.value() >= 3),
                    cluster.timeout());
            cluster.cancel(job);

            assertThat(CHECKPOINT_METRICS)
                    .allSatisfy(name -> assertThat(PrometheusEndpoint.select(samples, name, ofJob))
                            .as(name)
                            .hasSize(1));
        }
    }
}
