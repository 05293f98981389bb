package io.flinkstarters.testkit.internal;

import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.CheckpointStats;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Reads a Flink cluster's state from its REST API (what the web UI and {@code flink list} see): job
 * status, task states, checkpoint statistics, restarts, TaskManagers. Used for the MiniCluster and
 * for a cluster of real processes alike, so both report the same things the same way.
 */
@Internal
public final class FlinkRest {

    /**
     * What the dispatcher answers (HTTP 500) for a job whose JobMaster is not up yet, e.g. right after
     * submission or during a JobManager failover: not a failure, just nothing to see yet.
     */
    private static final String JOB_INITIALIZING = "UnavailableDispatcherOperationException";

    /** What the REST endpoint answers (HTTP 503) while it waits for a leader. */
    private static final String LEADER_ELECTION = "ongoing leader election";

    private final URI base;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    /** @param base e.g. {@code http://127.0.0.1:8081/} */
    public FlinkRest(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    public URI base() {
        return base;
    }

    /** GET {@code path} (e.g. {@code /jobs/<id>/checkpoints/config}); anything but 200 is an error. */
    public JsonNode get(String path) {
        return parse(path, text(path));
    }

    /** GET {@code path}; the body as text. Anything but 200 is an error. */
    public String text(String path) {
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** GET {@code path}; empty on 404 (e.g. a job the JobManager does not know), else like {@link #get}. */
    public Optional<JsonNode> find(String path) {
        HttpResponse<String> response = send(path);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        return Optional.of(parse(path, response.body()));
    }

    /**
     * GET {@code path}, asked again while the REST endpoint answers that it has no leader yet (HTTP 503
     * "ongoing leader election": right after the cluster starts, and while a new JobManager takes over):
     * that is no answer about the cluster, only a moment to wait through.
     */
    private HttpResponse<String> send(String path) {
        Answer answer = Await.until(
                "an answer to GET " + path + " from a leading REST endpoint at " + base,
                () -> Answer.of(() -> sendOnce(path)),
                Answer::fromALeader,
                timeout);
        if (answer.error() != null) {
            throw answer.error();
        }
        return answer.response();
    }

    /** A response, or the error of a request that got none (which is not retried: a refused connection is an answer). */
    private record Answer(HttpResponse<String> response, IllegalStateException error) {
        static Answer of(Supplier<HttpResponse<String>> request) {
            try {
                return new Answer(request.get(), null);
            } catch (IllegalStateException e) {
                return new Answer(null, e);
            }
        }

        boolean fromALeader() {
            return response == null
                    || !(response.statusCode() == 503 && response.body().contains(LEADER_ELECTION));
        }
    }

    private HttpResponse<String> sendOnce(String path) {
        try {
            return http.send(
                    HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted during GET " + path, e);
        }
    }

    private JsonNode parse(String path, String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " answered no JSON: " + body, e);
        }
    }

    public JobStatus jobStatus(JobID job) {
        return JobStatus.valueOf(get("/jobs/" + job).path("state").asText());
    }

    /** The job runs and so does every subtask of every vertex (none scheduled, deploying or initializing). */
    public boolean allTasksRunning(JobID job) {
        JsonNode details = get("/jobs/" + job);
        if (!"RUNNING".equals(details.path("state").asText())) {
            return false;
        }
        for (JsonNode vertex : details.path("vertices")) {
            var tasks = vertex.path("tasks").fields();
            while (tasks.hasNext()) {
                var state = tasks.next();
                if (!"RUNNING".equals(state.getKey()) && state.getValue().asInt() > 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** Every job the cluster knows, with its status. */
    public Map<JobID, JobStatus> jobs() {
        Map<JobID, JobStatus> jobs = new LinkedHashMap<>();
        get("/jobs")
                .path("jobs")
                .forEach(job -> jobs.put(
                        JobID.fromHexString(job.path("id").asText()),
                        JobStatus.valueOf(job.path("status").asText())));
        return jobs;
    }

    /** The job's checkpoint statistics; none yet while its JobMaster is still being set up. */
    public CheckpointStats checkpointStats(JobID job) {
        String path = "/jobs/" + job + "/checkpoints";
        HttpResponse<String> response = send(path);
        if (response.statusCode() != 200 && response.body().contains(JOB_INITIALIZING)) {
            return new CheckpointStats(0, 0, 0, 0, -1, 0, 0, Optional.empty(), Optional.empty());
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "GET " + path + " answered " + response.statusCode() + ": " + response.body());
        }
        JsonNode checkpoints = parse(path, response.body());
        JsonNode counts = checkpoints.path("counts");
        JsonNode last = checkpoints.path("latest").path("completed");
        boolean any = last.isObject();
        JsonNode lastFailed = checkpoints.path("latest").path("failed");
        return new CheckpointStats(
                counts.path("completed").asLong(),
                counts.path("failed").asLong(),
                counts.path("in_progress").asInt(),
                counts.path("restored").asLong(),
                any ? last.path("end_to_end_duration").asLong() : -1,
                any ? last.path("state_size").asLong() : 0,
                any ? last.path("checkpointed_size").asLong() : 0,
                any ? Optional.ofNullable(last.path("external_path").textValue()) : Optional.empty(),
                Optional.ofNullable(lastFailed.path("failure_message").textValue()));
    }

    /** The id of the job's latest completed checkpoint, if any. */
    public Optional<Long> latestCompletedCheckpointId(JobID job) {
        JsonNode completed = get("/jobs/" + job + "/checkpoints").path("latest").path("completed");
        return completed.isObject() ? Optional.of(completed.path("id").asLong()) : Optional.empty();
    }

    /** The id of the checkpoint or savepoint the job last restored from, if it restored at all. */
    public Optional<Long> restoredCheckpointId(JobID job) {
        JsonNode restored = get("/jobs/" + job + "/checkpoints").path("latest").path("restored");
        return restored.isObject() ? Optional.of(restored.path("id").asLong()) : Optional.empty();
    }

    /** Whether the JobManager knows the job (running or archived). */
    public boolean knows(JobID job) {
        return find("/jobs/" + job).isPresent();
    }

    /** The highest parallelism of the job's vertices. */
    public int parallelism(JobID job) {
        int highest = 0;
        for (JsonNode vertex : get("/jobs/" + job).path("vertices")) {
            highest = Math.max(highest, vertex.path("parallelism").asInt());
        }
        return highest;
    }

    /**
     * The newest entry of the job's exception history: the first line of its trace and, when it wraps
     * another, the root cause's ({@code JobException: Recovery is suppressed ...; root cause: ...}).
     */
    public Optional<String> latestFailure(JobID job) {
        JsonNode newest = null;
        for (JsonNode entry : get("/jobs/" + job + "/exceptions?maxExceptions=" + Integer.MAX_VALUE)
                .path("exceptionHistory")
                .path("entries")) {
            if (newest == null
                    || entry.path("timestamp").asLong()
                            > newest.path("timestamp").asLong()) {
                newest = entry;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        List<String> lines = newest.path("stacktrace").asText("").lines().toList();
        String first = lines.isEmpty() ? newest.path("exceptionName").asText() : lines.get(0);
        String root = null;
        for (String line : lines) {
            String trimmed = line.strip();
            if (trimmed.startsWith("Caused by: ")) {
                root = trimmed.substring("Caused by: ".length());
            }
        }
        return Optional.of(root == null ? first : first + "; root cause: " + root);
    }

    /**
     * How often the job failed over (and so restarted, while its restart strategy allows), from the
     * JobManager's exception history: one entry per failure it handled, concurrent task failures of
     * the same failover grouped in one. Served by the JobMaster itself, so unlike the
     * {@code numRestarts} metric it is never stale: the REST metric fetcher waits for every
     * TaskManager's metrics, and for one that was killed it waits until {@code web.timeout}
     * (10 min by default) passes.
     */
    public long failovers(JobID job) {
        JsonNode history = get("/jobs/" + job + "/exceptions?maxExceptions=" + Integer.MAX_VALUE)
                .path("exceptionHistory");
        if (history.path("truncated").asBoolean()) {
            throw new IllegalStateException(
                    "The exception history of job " + job + " is truncated (web.exception-history-size)");
        }
        return history.path("entries").size();
    }

    /** The ids of the TaskManagers registered with the ResourceManager. */
    public Set<String> taskManagerIds() {
        Set<String> ids = new LinkedHashSet<>();
        get("/taskmanagers")
                .path("taskmanagers")
                .forEach(taskManager -> ids.add(taskManager.path("id").asText()));
        return ids;
    }

    /** Slots of all registered TaskManagers together. */
    public int totalSlots() {
        return get("/overview").path("slots-total").asInt();
    }
}
