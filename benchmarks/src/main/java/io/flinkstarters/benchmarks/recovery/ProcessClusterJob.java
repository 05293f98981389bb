package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.harness.BenchJob;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.JobSetup;
import io.flinkstarters.testkit.FlinkCluster;
import io.flinkstarters.testkit.ProcessCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The health job's shaded jar, submitted with {@code flink run --config application.conf} as an operator
 * runs it, on a cluster of real JobManager and TaskManager processes of its own (2 TaskManagers x 2
 * slots, the shipped cluster configuration plus the stack's S3 access), against the stack's broker and
 * object store. The job starts on the only TaskManager; the second is started afterwards as a spare
 * ({@link ProcessKillFault} relies on it). Watched from outside: REST job details and the consumer
 * group's committed offsets (REST metrics freeze for {@code web.timeout} after a kill -9).
 */
final class ProcessClusterJob implements WatchedJob, AutoCloseable {

    static final int TASK_MANAGERS = 2;
    private static final Path JOB_TARGET = Path.of("..", "health-consumer-job", "target");

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ProcessCluster cluster;
    private final JobID id;
    private final CommittedOffsetLag lag;

    private ProcessClusterJob(ProcessCluster cluster, JobID id, CommittedOffsetLag lag) {
        this.cluster = cluster;
        this.id = id;
        this.lag = lag;
    }

    /** The job jar {@code flink run} gets, built by the health job's package phase; fails at once, with the fix, if missing. */
    static Path jobJar() {
        try (Stream<Path> files = Files.exists(JOB_TARGET) ? Files.list(JOB_TARGET) : Stream.empty()) {
            return files.filter(file -> file.getFileName().toString().endsWith("-shaded.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("No health-consumer-job-*-shaded.jar in "
                            + JOB_TARGET.toAbsolutePath().normalize()
                            + ": the process-kill recovery runs the job's jar; run the benchmark with the package phase:"
                            + " ./mvnw -B -q -pl benchmarks -am -Pbench package -DskipTests -Dbench=recovery"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list " + JOB_TARGET, e);
        }
    }

    /** Starts the cluster, submits the job, waits until it runs and the spare TaskManager has registered. */
    static ProcessClusterJob start(
            BenchStack stack, JobSetup setup, String applicationConf, String run, int eventsPerSecond) {
        Path jar = jobJar();
        Configuration clusterLevel = stack.clusterConfiguration();
        clusterLevel.addAll(Configuration.fromMap(stack.objectStore().flinkS3Options()));
        ProcessCluster cluster = ProcessCluster.builder()
                .name("bench-" + run)
                .taskManagers(1)
                .slotsPerTaskManager(BenchStack.SLOTS_PER_TASK_MANAGER)
                .configuration(clusterLevel)
                .timeout(Duration.ofMinutes(3))
                .start();
        try {
            BenchJob.createOutputTopics(stack, setup);
            Path conf = cluster.directory().resolve(run + ".conf");
            Files.writeString(conf, applicationConf);
            JobID job = cluster.submit(jar, "--config", conf.toString());
            cluster.awaitAllTasksRunning(job);
            cluster.startTaskManager();
            cluster.awaitTaskManagers(TASK_MANAGERS);
            return new ProcessClusterJob(
                    cluster,
                    job,
                    new CommittedOffsetLag(
                            stack.kafka().clientProperties(),
                            setup.health().kafka().groupId(),
                            setup.health().topics().events(),
                            BenchStack.PARALLELISM,
                            eventsPerSecond));
        } catch (IOException | RuntimeException e) {
            cluster.close();
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    @Override
    public JobID id() {
        return id;
    }

    @Override
    public FlinkCluster cluster() {
        return cluster;
    }

    /** From the REST job details and each vertex's subtask times (its current attempts' state timestamps). */
    @Override
    public long runningSince(long since) throws Exception {
        JsonNode details = JSON.readTree(cluster.rest("/jobs/" + id));
        if (!"RUNNING".equals(details.path("state").asText())) {
            return 0;
        }
        long latest = 0;
        for (JsonNode vertex : details.path("vertices")) {
            if (!"RUNNING".equals(vertex.path("status").asText())) {
                return 0;
            }
            for (JsonNode subtask : JSON.readTree(cluster.rest(
                            "/jobs/" + id + "/vertices/" + vertex.path("id").asText() + "/subtasktimes"))
                    .path("subtasks")) {
                long running = subtask.path("timestamps").path("RUNNING").asLong();
                if (running < since) {
                    return 0; // not yet running in an attempt started after the fault
                }
                latest = Math.max(latest, running);
            }
        }
        return latest;
    }

    @Override
    public long[] lagMillis() {
        return lag.lagMillis();
    }

    /** Cancels the job and stops the processes. */
    @Override
    public void close() {
        try {
            lag.close();
            cluster.cancelRunningJobs();
        } finally {
            cluster.close();
        }
    }
}
