package io.flinkstarters.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** A real in-process Flink MiniCluster (one TaskManager, two slots, REST on a free port) for the starters' ITCases. */
final class LocalCluster implements AutoCloseable {

    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final MiniCluster miniCluster;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    private LocalCluster(MiniCluster miniCluster) {
        this.miniCluster = miniCluster;
    }

    /** A cluster started from the starters' cluster-level options, as the testkit and local runs do. */
    static LocalCluster start(Configuration clusterConfiguration) throws Exception {
        Configuration configuration = new Configuration(clusterConfiguration);
        configuration.set(RestOptions.BIND_PORT, "0");
        MiniCluster miniCluster = new MiniCluster(
                new MiniClusterConfiguration.Builder()
                        .setConfiguration(configuration)
                        .setNumTaskManagers(1)
                        .setNumSlotsPerTaskManager(2)
                        .build());
        miniCluster.start();
        return new LocalCluster(miniCluster);
    }

    /** Submits the job built in {@code env}, with the configuration the environment carries. */
    JobID submit(StreamExecutionEnvironment env) throws Exception {
        return miniCluster.submitJob(env.getStreamGraph()).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).getJobID();
    }

    JobStatus status(JobID job) throws Exception {
        return miniCluster.getJobStatus(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    long completedCheckpoints(JobID job) throws Exception {
        return miniCluster.getExecutionGraph(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)
                .getCheckpointStatsSnapshot().getCounts().getNumberOfCompletedCheckpoints();
    }

    void awaitCheckpoints(JobID job, long count) throws Exception {
        Await.until(count + " completed checkpoints of job " + job, () -> completedCheckpoints(job), seen -> seen >= count, TIMEOUT);
    }

    void cancel(JobID job) throws Exception {
        miniCluster.cancelJob(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Await.until("job " + job + " to be cancelled", () -> status(job), JobStatus::isGloballyTerminalState, TIMEOUT);
    }

    JobResult result(JobID job) throws Exception {
        return miniCluster.requestJobResult(job).get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    }

    /** GET on the cluster's REST API, e.g. {@code /jobs/<id>/checkpoints/config}. */
    JsonNode rest(String path) throws Exception {
        URI base = miniCluster.getRestAddress().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(base.resolve(path)).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return json.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        miniCluster.close();
    }
}
