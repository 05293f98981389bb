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
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.deployment.StandaloneClusterId;
import org.apache.flink.client.program.rest.RestClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A standalone Flink session cluster of real JVM processes on loopback: one JobManager
 * ({@code StandaloneSessionClusterEntrypoint}) and N TaskManagers ({@code TaskManagerRunner}), started
 * from the Flink jars Maven resolved, as Flink's own scripts would start them from a distribution.
 * Unlike an {@link InJvmMiniCluster}, a TaskManager or the JobManager here can die without saying
 * goodbye ({@link #loseTaskManager(int)} and {@link #loseJobManager()} are {@code kill -9}), and a job is
 * submitted as a jar through the {@code flink run} client, so nothing of the test's class path leaks
 * into the job.
 *
 * <p>The generated {@code config.yaml} holds loopback addresses, free ports, explicit TaskManager
 * memory and fast REST caches, overlaid with the {@link Builder#configuration cluster configuration}
 * the test gives ({@code StarterSettings.clusterConfiguration()} and {@code ObjectStore.flinkS3Options()}):
 * heartbeats, restart behaviour and high availability are whatever that says, so what a test measures
 * is what ships.
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
public final class ProcessCluster extends RestCluster {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCluster.class);
    private static final String JOB_MANAGER_MAIN =
            "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint";
    private static final String TASK_MANAGER_MAIN = "org.apache.flink.runtime.taskexecutor.TaskManagerRunner";
    private static final String HIGH_AVAILABILITY_TYPE = "high-availability.type";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final Builder settings;
    private final Path directory;
    private final Path confDir;
    private final Path pluginsDir;
    private final List<Path> classPath;
    private final FlinkCommandLine commandLine;
    private final Configuration clientConfiguration;
    private final List<FlinkProcess> taskManagers = new ArrayList<>();
    private final List<FlinkProcess> jobManagers = new ArrayList<>();

    private ProcessCluster(
            Builder settings, Path directory, FlinkDistribution distribution, Map<String, String> configuration) {
        super(
                new FlinkRest(
                        URI.create("http://127.0.0.1:" + configuration.get(RestOptions.PORT.key()) + "/"),
                        settings.timeout),
                settings.timeout);
        this.settings = settings;
        this.directory = directory;
        this.confDir = FlinkConfDir.write(directory.resolve("conf"), configuration);
        this.pluginsDir = installS3Plugin(directory.resolve("plugins"), distribution);
        settings.plugins.forEach((name, jars) -> installPlugin(pluginsDir.resolve(name), jars));
        this.classPath = distribution.clusterClassPath();
        this.clientConfiguration = Configuration.fromMap(configuration);
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
        return restApi().base();
    }

    // ---- jobs -------------------------------------------------------------------------------

    /**
     * {@code flink run --detached jobJar programArguments...}: runs the jar's main method in a client
     * process that reads this cluster's configuration, and returns the id of the job it submitted.
     */
    public JobID submit(Path jobJar, String... programArguments) {
        return submit(jobJar, Arrays.asList(programArguments), List.of(), Map.of());
    }

    /**
     * Like {@link #submit(Path, String...)}, with {@code flink run} options before the jar (e.g.
     * {@code -p 4}) and environment variables for the client, which runs the job's main method.
     */
    public JobID submit(
            Path jobJar, List<String> programArguments, List<String> runOptions, Map<String, String> environment) {
        JobID job = commandLine.runDetached(jobJar, programArguments, runOptions, environment);
        LOG.info("Submitted {} as job {}", jobJar.getFileName(), job);
        return job;
    }

    @Override
    public void cancel(JobID job) {
        withClient(client -> client.cancel(job).get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS));
        awaitCancelled(job);
    }

    @Override
    public String stopWithSavepoint(JobID job, String savepointDir) {
        String savepoint =
                withClient(client -> client.stopWithSavepoint(job, false, savepointDir, SavepointFormatType.CANONICAL)
                        .get(settings.timeout.toMillis(), TimeUnit.MILLISECONDS));
        awaitTermination(job);
        return savepoint;
    }

    // ---- TaskManagers -----------------------------------------------------------------------

    @Override
    public synchronized List<Integer> liveTaskManagers() {
        List<Integer> live = new ArrayList<>();
        for (int i = 0; i < taskManagers.size(); i++) {
            if (taskManagers.get(i).isAlive()) {
                live.add(i);
            }
        }
        return live;
    }

    /** {@code kill -9} of the TaskManager: no shutdown, no goodbye; returns once the process is gone. */
    @Override
    public synchronized Loss loseTaskManager(int index) {
        return kill(taskManagers.get(index));
    }

    @Override
    public synchronized int startTaskManager() {
        int index = taskManagers.size();
        Path tmp = createDirectories(directory.resolve("tmp/taskmanager-" + index));
        taskManagers.add(start(
                "taskmanager-" + index,
                TASK_MANAGER_MAIN,
                StandaloneClusterConfig.taskManagerJvmOptions(),
                "-Dio.tmp.dirs=" + tmp));
        return index;
    }

    // ---- JobManager -------------------------------------------------------------------------

    /** Whether the cluster runs with high availability ({@code high-availability.type} other than {@code none}). */
    @Override
    public boolean highAvailability() {
        String type = clientConfiguration.toMap().getOrDefault(HIGH_AVAILABILITY_TYPE, "none");
        return !type.equalsIgnoreCase("none");
    }

    /** {@code kill -9} of the JobManager process; returns once it is gone. */
    @Override
    public synchronized Loss loseJobManager() {
        return kill(jobManager());
    }

    /**
     * Starts a new JobManager process on the same ports (as an orchestrator restarts a crashed one) and
     * waits until its REST API answers and every live TaskManager has registered with it.
     */
    @Override
    public synchronized void startJobManager() {
        if (jobManager().isAlive()) {
            throw new IllegalStateException("The JobManager " + jobManager() + " is still running");
        }
        startJobManagerProcess();
        awaitJobManager();
        awaitTaskManagers(liveTaskManagers().size());
    }

    /** The current (newest) JobManager process's id. */
    public synchronized long jobManagerPid() {
        return jobManager().pid();
    }

    private FlinkProcess jobManager() {
        return jobManagers.get(jobManagers.size() - 1);
    }

    private void startJobManagerProcess() {
        int number = jobManagers.size();
        String name = number == 0 ? "jobmanager" : "jobmanager-" + number;
        Path tmp = createDirectories(directory.resolve("tmp/" + name));
        jobManagers.add(
                start(name, JOB_MANAGER_MAIN, StandaloneClusterConfig.jobManagerJvmOptions(), "-Dio.tmp.dirs=" + tmp));
    }

    private void awaitJobManager() {
        FlinkProcess jobManager = jobManager();
        Await.until(
                "the JobManager's REST API at " + restApi().base() + " (log: " + jobManager.logFile() + ")",
                () -> {
                    requireAlive(jobManager);
                    return restApi().get("/overview") != null;
                },
                settings.timeout);
    }

    private static Loss kill(FlinkProcess victim) {
        int exit = victim.kill();
        Loss loss = Loss.killed(victim.name(), victim.pid(), exit);
        LOG.info("Lost {}", loss);
        return loss;
    }

    // ---- lifecycle --------------------------------------------------------------------------

    private ProcessCluster startProcesses() {
        long started = System.nanoTime();
        startJobManagerProcess();
        for (int i = 0; i < settings.taskManagers; i++) {
            startTaskManager();
        }
        awaitJobManager();
        awaitTaskManagers(settings.taskManagers);
        LOG.info(
                "Process cluster with {} TaskManagers x {} slots{} ready in {} ms: {} (logs in {})",
                settings.taskManagers,
                settings.slotsPerTaskManager,
                highAvailability() ? " and high availability" : "",
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                restApi().base(),
                directory);
        return this;
    }

    @Override
    int slotsPerTaskManager() {
        return settings.slotsPerTaskManager;
    }

    @Override
    String describe() {
        return "logs in " + directory;
    }

    /** @param dynamicProperty a {@code -Dkey=value} program argument, read by Flink over config.yaml */
    private FlinkProcess start(String name, String mainClass, List<String> jvmOptions, String dynamicProperty) {
        List<String> jvm = new ArrayList<>(jvmOptions);
        jvm.add("-Dlog4j.configurationFile="
                + confDir.resolve(FlinkConfDir.LOG4J_FILE).toUri());
        return FlinkProcess.start(
                name,
                directory,
                mainClass,
                classPath,
                jvm,
                List.of("--configDir", confDir.toString(), dynamicProperty),
                Map.of("FLINK_CONF_DIR", confDir.toString(), "FLINK_PLUGINS_DIR", pluginsDir.toString()));
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
            throw new IllegalStateException("REST call to " + restApi().base() + " failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface ClientCall<T> {
        T apply(RestClusterClient<StandaloneClusterId> client) throws Exception;
    }

    /** Stops every process: SIGTERM (TaskManagers first), SIGKILL whatever is still running after a grace period. */
    @Override
    public synchronized void close() {
        List<FlinkProcess> stopOrder = new ArrayList<>(taskManagers);
        stopOrder.addAll(jobManagers);
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

    private static void installPlugin(Path dir, List<Path> jars) {
        createDirectories(dir);
        try {
            for (Path jar : jars) {
                Files.copy(jar, dir.resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot install the plugin " + jars + " into " + dir, e);
        }
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
        private Duration timeout = InJvmMiniCluster.DEFAULT_TIMEOUT;
        private final Map<String, String> configuration = new LinkedHashMap<>();
        private final Map<String, List<Path>> plugins = new LinkedHashMap<>();

        private Builder() {}

        /**
         * Installs jars as a plugin ({@code plugins/<name>/}) of every process, as a distribution's
         * {@code plugins/} directory would: how Flink loads failure enrichers, metric reporters and file systems.
         */
        public Builder plugin(String name, List<Path> jars) {
            plugins.put(name, List.copyOf(jars));
            return this;
        }

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

        /** The longest any single wait may take (default {@link InJvmMiniCluster#DEFAULT_TIMEOUT}). */
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
