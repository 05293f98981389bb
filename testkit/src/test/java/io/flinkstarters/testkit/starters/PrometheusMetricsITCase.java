package io.flinkstarters.testkit.starters;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.TestConfigs;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.FlinkCluster;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @TempDir Path dir;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void checkpointAndRestartMetricsAreServedForPrometheus() throws Exception {
        int port = freePort();
        StarterSettings settings = FlinkStarters.settings(TestConfigs.load(dir, """
                flink.checkpoint { interval = 200ms, min-pause = 50ms, storage.dir = "%s" }
                flink.metrics.prometheus { enabled = true, port = "%d" }
                """.formatted(dir.resolve("checkpoints").toUri(), port)));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(settings.toConfiguration());
        CountingJob.build(env, "prometheus", 100);

        try (FlinkCluster cluster = FlinkCluster.builder().configuration(settings.clusterConfiguration()).start()) {
            JobID job = cluster.submit(env);
            cluster.awaitCompletedCheckpoints(job, 3);

            String metrics = Await.until("checkpoint metrics of job " + job + " on http://127.0.0.1:" + port,
                    () -> scrape(port), text -> completedCheckpoints(text, job).orElse(0L) >= 3, cluster.timeout());
            cluster.cancel(job);

            assertThat(CHECKPOINT_METRICS).allSatisfy(name -> assertThat(metrics).containsPattern(
                    "(?m)^" + name + "\\{[^}]*job_id=\"" + job + "\"[^}]*} [0-9.E]+$"));
        }
    }

    private static Optional<Long> completedCheckpoints(String metrics, JobID job) {
        Matcher matcher = Pattern.compile("(?m)^flink_jobmanager_job_numberOfCompletedCheckpoints\\{[^}]*job_id=\"" + job
                + "\"[^}]*} ([0-9.E]+)$").matcher(metrics);
        return matcher.find() ? Optional.of((long) Double.parseDouble(matcher.group(1))) : Optional.empty();
    }

    private String scrape(int port) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
