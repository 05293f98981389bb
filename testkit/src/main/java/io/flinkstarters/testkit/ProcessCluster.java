package io.flinkstarters.testkit;

import io.flinkstarters.testkit.internal.FlinkCommandLine;
import io.flinkstarters.testkit.internal.FlinkConfDir;
import io.flinkstarters.testkit.internal.FlinkDistribution;
import io.flinkstarters.testkit.internal.FlinkProcess;
import io.flinkstarters.testkit.internal.FlinkRest;
import io.flinkstarters.testkit.internal.FreePorts;
import io.flinkstarters.testkit.internal.StandaloneClusterConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink session cluster of real JVM processes on loopback: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), started
 * from the Flink jars Maven resolved, as Flink's own scripts would start them from a distribution.
 * Unlike a {@link FlinkCluster MiniCluster}, a TaskManager here can die without saying goodbye
 * ({@link #killTaskManager(int)} is {@code kill -9}), and a job is submitted as a jar through the
 * {@code flink run} client, so nothing of the test's class path leaks into the job.
 *
 * <p>The generated {@code config.yaml} holds loopback addresses, free ports, explicit TaskManager
 * memory and fast REST caches, overlaid with the {@link Builder#configuration cluster configuration}
 * the test gives ({@code StarterSettings.clusterConfiguration()} and {@code ObjectStore.flinkS3Options()}):
 * heartbeats and restart behaviour are whatever that says, so what a test measures is what ships.
 * {@code s3://} works through flink-s3-fs-hadoop as a plugin ({@code plugins/s3-fs-hadoop/}).
 * Configuration, logs ({@code jobmanager.log}, {@code taskmanager-<i>.log}, {@code client-<n>.log}) and
 * temporary directories go to {@code target/flink-processes/<time>-<name>/}.
 *
 * <pre>{@code
 * try (ProcessCluster cluster = ProcessCluster.builder().taskManagers(2).slotsPerTaskManager(2)
 *         .configuration(settings.clusterConfiguration()).configuration(store.flinkS3Options()).start()) {
 *     JobID job = cluster.submit(jobJar, "--config", applicationConf.toString());
 * }
 * }</pre>
 */
@PublicEvolving
public final class ProcessCluster implements ObservableCluster, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);
    private static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Builder settings;
    private final Path directory;
    private final Path confDir;
    private final Path pluginsDir;
    private final List<Path> classPath;
    private final FlinkRest rest;
    private final FlinkCommandLine commandLine;
    private final Configuration clientConfiguration;
    private final List<FlinkProcess> processes = new ArrayList<>();
    private final List<FlinkProcess> taskManagers = new ArrayList<>();
    private FlinkProcess jobManager;

    private ProcessCluster(
            Builder settings, Path directory, FlinkDistribution distribution, Map<String, String> configuration) {
        this.settings = settings;
        this.directory = directory;
        this.confDir = FlinkConfDir.write(directory.resolve("conf"), configuration);
        this.pluginsDir = installS3Plugin(directory.resolve("plugins"), distribution);
        this.classPath = distribution.clusterClassPath();
        this.clientConfiguration = Configuration.fromMap(configuration);
        this.rest = new FlinkRest(
                URI.create("http://127.0.0.1:" + configuration.get(RestOptions.PORT.key()) + "/"), settings.timeout);
        this.commandLine =
                new FlinkCommandLine(distribution.clientClassPath(), confDir, pluginsDir, directory, settings.timeout);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Where this cluster's configuration, plugins and logs are. */
    public Path directory() {
        return directory;
    }

    /** {@code http://127.0.0.1:<port>/}: the REST API and web UI. */
    public URI restAddress() {
        return rest.base();
    }

    @Override
    public Duration timeout() {
        return settings.timeout;
    }

    // ---- jobs -------------------------------------------------------------------------------

    /**
     * {@code flink run --detached jobJar programArguments...}: runs the jar's main method in a client
     * process that reads this cluster's configuration, and returns the id of the job it submitted.
     */
    public JobID submit(Path jobJar, String... programArguments) {
        JobID job = commandLine.runDetached(jobJar, Arrays.asList(programArguments));
        LOG.info("Submitted {} as job {}", jobJar.getFileName(), job);
        return job;
    }

    @Override
    public JobStatus status(JobID job) {
        return rest.jobStatus(job);
    }

    @Override
    public boolean allTasksRunning(JobID job) {
        return rest.allTasksRunning(job);
    }

    @Override
    public CheckpointStats checkpointStats(JobID job) {
        return rest.checkpointStats(job);
    }

    /** The id of the checkpoint or savepoint the job restored from when it started or last restarted. */
    public Optional<Long> restoredCheckpointId(JobID job) {
        return rest.restoredCheckpointId(job);
    }

    /**
     * How often the job failed over, counted in its exception history (see {@code /jobs/<id>/exceptions}):
     * after a TaskManager is killed, the {@code numRestarts} metric the REST API serves is frozen for
     * {@code web.timeout}, because the metric fetcher waits for the dead TaskManager.
     */
    @Override
    public long restarts(JobID job) {
        return rest.failovers(job);
    }

    /** Cancels the job (retained checkpoints stay, per the job's retention) and waits until it is cancelled. */
    @Override
    public void cancel(JobID job) {
        withClient(client -> client.cancel(job).get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS));
        Await.until(
                "job " + job + " to be cancelled",
                () -> status(job),
                JobStatus::isGloballyTerminalState,
                settings.timeout);
    }

    /** Cancels every job that has not ended, so a failed test leaves no job holding slots. */
    public void cancelRunningJobs() {
        rest.jobs().forEach((job, status) -> {
            if (!status.isGloballyTerminalState()) {
                try {
                    cancel(job);
                } catch (RuntimeException e) {
                    LOG.warn("Could not cancel job {}: {}", job, e.toString());
                }
            }
        });
    }

    /** Stops the job with a savepoint in {@code savepointDir} (the upgrade path) and returns the savepoint's path. */
    public String stopWithSavepoint(JobID job, String savepointDir) {
        return withClient(client -> client.stopWithSavepoint(job, false, savepointDir, SavepointFormatType.CANONICAL)
                .get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** GET on the REST API, for anything not covered here, e.g. {@code /jobs/<id>/checkpoints/config}. */
    @Override
    public JsonNode rest(String path) {
        return rest.get(path);
    }

    // ---- TaskManagers -----------------------------------------------------------------------

    /** TaskManagers registered with the ResourceManager, as the REST API reports them. */
    public int registeredTaskManagers() {
        return rest.taskManagerIds().size();
    }

    /** The indexes (start order, replacements included) of the TaskManagers whose processes are alive. */
    public List<Integer> liveTaskManagers() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < taskManagers.size(); i++) {
            if (taskManagers.get(i).isAlive()) {
                live.add(i);
            }
        }
        return live;
    }

    /** Whether the process of the TaskManager at {@code index} (start order, replacements included) is alive. */
    public boolean isTaskManagerAlive(int index) {
        return taskManagers.get(index).isAlive();
    }

    /**
     * The fault: {@code kill -9} of the TaskManager at {@code index}. No shutdown, no goodbye; the
     * JobManager learns of it only through missed heartbeats. Returns once the process is gone, with its
     * exit status (137: killed by SIGKILL).
     */
    public int killTaskManager(int index) {
        FlinkProcess victim = taskManagers.get(index);
        int exit = victim.kill();
        LOG.info("Killed {} with SIGKILL (exit status {})", victim, exit);
        return exit;
    }

    /** Starts one more TaskManager (a replacement, as an orchestrator would) and returns its index. */
    public int startTaskManager() {
        int index = taskManagers.size();
        Path tmp = createDirectories(directory.resolve("tmp/taskmanager-" + index));
        FlinkProcess taskManager = start(
                "taskmanager-" + index,
                TASK_MANAGER_MAIN,
                StandaloneClusterConfig.taskManagerJvmOptions(),
                "-Dio.tmp.dirs=" + tmp);
        taskManagers.add(taskManager);
        return index;
    }

    /** Waits until {@code count} TaskManagers with all their slots are registered. */
    public void awaitTaskManagers(int count) {
        int slots = count * settings.slotsPerTaskManager;
        Await.until(
                count + " TaskManagers with " + slots + " slots to register (logs in " + directory + ")",
                () -> rest.taskManagerIds().size() == count && rest.totalSlots() == slots,
                settings.timeout);
    }

    // ---- lifecycle --------------------------------------------------------------------------

    private ProcessCluster startProcesses() {
        long started = System.nanoTime();
        Path tmp = createDirectories(directory.resolve("tmp/jobmanager"));
        jobManager = start(
                "jobmanager", JOB_MANAGER_MAIN, StandaloneClusterConfig.jobManagerJvmOptions(), "-Dio.tmp.dirs=" + tmp);
        for (int i = 0; i < settings.taskManagers; i++) {
            startTaskManager();
        }
        Await.until(
                "the JobManager's REST API at " + rest.base() + " (log: " + jobManager.logFile() + ")",
                () -> {
                    requireAlive(jobManager);
                    return rest.get("/overview") != null;
                },
                settings.timeout);
        awaitTaskManagers(settings.taskManagers);
        LOG.info(
                "Process cluster with {} TaskManagers x {} slots ready in {} ms: {} (logs in {})",
                settings.taskManagers,
                settings.slotsPerTaskManager,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                rest.base(),
                directory);
        return this;
    }

    /** @param dynamicProperty a {@code -Dkey=value} program argument, read by Flink over config.yaml */
    private FlinkProcess start(String name, String mainClass, List<String> jvmOptions, String dynamicProperty) {
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-Dlog4j.configurationFile="
                + confDir.resolve(FlinkConfDir.LOG4J_FILE).toUri());
        FlinkProcess process = FlinkProcess.start(
                name,
                directory,
                mainClass,
                classPath,
                jvm,
                List.of("--configDir", confDir.toString(), dynamicProperty),
                Map.of("FLINK_CONF_DIR", confDir.toString(), "FLINK_PLUGINS_DIR", pluginsDir.toString()));
        processes.add(process);
        return process;
    }

    private static void requireAlive(FlinkProcess process) {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    process + " exited; see " + process.logFile() + " and " + process.outFile());
        }
    }

    private <T> T withClient(ClientCall<T> call) {
        try (RestClusterClient<StandaloneClusterId> client =
                new RestClusterClient<>(clientConfiguration, StandaloneClusterId.getInstance())) {
            return call.apply(client);
        } catch (TimeoutException e) {
            throw new AssertionError(
                    "Timed out after " + settings.timeout.toMillis() + " ms waiting for the REST client", e);
        } catch (Exception e) {
            throw new IllegalStateException("REST call to " + rest.base() + " failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface ClientCall<T> {
        T apply(RestClusterClient<StandaloneClusterId> client) throws Exception;
    }

    /** Stops every process: SIGTERM (TaskManagers first), SIGKILL whatever is still running after a grace period. */
    @Override
    public void close() {
        List<FlinkProcess> stopOrder = new ArrayList<>(taskManagers);
        if (jobManager != null) {
            stopOrder.add(jobManager);
        }
        for (FlinkProcess process : stopOrder) {
            if (process.isAlive()) {
                process.stop(STOP_GRACE);
            }
        }
        LOG.info("Process cluster stopped; logs in {}", directory);
    }

    private static Path installS3Plugin(Path pluginsDir, FlinkDistribution distribution) {
        Path s3 = createDirectories(pluginsDir.resolve("s3-fs-hadoop"));
        try {
            for (Path jar : distribution.s3PluginJars()) {
                Files.copy(jar, s3.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the S3 plugin into " + s3, e);
        }
        return pluginsDir;
    }

    private static Path createDirectories(Path dir) {
        try {
            return Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create " + dir, e);
        }
    }

    /** What to start. */
    public static final class Builder {
        private int taskManagers = 2;
        private int slotsPerTaskManager = 2;
        private String name = "cluster";
        private Path baseDirectory = Paths.get("target", "flink-processes");
        private Duration timeout = FlinkCluster.DEFAULT_TIMEOUT;
        private final Map<String, String> configuration = new LinkedHashMap<>();

        private Builder() {}

        public Builder taskManagers(int count) {
            this.taskManagers = count;
            return this;
        }

        public Builder slotsPerTaskManager(int count) {
            this.slotsPerTaskManager = count;
            return this;
        }

        /** Names the run's directory ({@code <base>/<time>-<name>}), e.g. the test class. */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Where run directories go (default {@code target/flink-processes}). */
        public Builder baseDirectory(Path baseDirectory) {
            this.baseDirectory = baseDirectory;
            return this;
        }

        /** Cluster-level options, e.g. {@code StarterSettings.clusterConfiguration()}; they override the defaults here. */
        public Builder configuration(Configuration options) {
            return configuration(options.toMap());
        }

        /** Cluster-level options as keys and values, e.g. {@code ObjectStore.flinkS3Options()}. */
        public Builder configuration(Map<String, String> options) {
            configuration.putAll(options);
            return this;
        }

        /** The longest any single wait may take (default {@link FlinkCluster#DEFAULT_TIMEOUT}). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Starts the JobManager and TaskManagers; returns when every TaskManager has registered its slots. */
        public ProcessCluster start() {
            int[] ports = FreePorts.freePorts(2);
            Path directory = baseDirectory
                    .toAbsolutePath()
                    .resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS")) + "-"
                            + name);
            ProcessCluster cluster =
                    new ProcessCluster(this, directory, FlinkDistribution.ofTestkit(), effective(ports[0], ports[1]));
            try {
                return cluster.startProcesses();
            } catch (RuntimeException | Error e) {
                cluster.close();
                throw e;
            }
        }

        private Map<String, String> effective(int rpcPort, int restPort) {
            Map<String, String> effective = StandaloneClusterConfig.forLoopback(rpcPort, restPort, slotsPerTaskManager);
            effective.putAll(configuration);
            return effective;
        }
    }
}
