package io.flinkstarters.testkit.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.JobID;

/**
 * {@code flink run -d <jar> <args>}: Flink's command-line client ({@code CliFrontend}) in its own JVM,
 * reading the cluster's configuration directory ({@code FLINK_CONF_DIR}) and plugins
 * ({@code FLINK_PLUGINS_DIR}) as the {@code flink} script does. It runs the jar's main method, whose
 * {@code execute()} uploads the jar and submits the job over REST and, detached, returns at once.
 */
@Internal
public final class FlinkCommandLine {

    private static final String MAIN_CLASS = "org.apache.flink.client.cli.CliFrontend";
    /** What the client prints once the JobManager accepted the job. */
    private static final Pattern SUBMITTED = Pattern.compile("Job has been submitted with JobID ([0-9a-f]{32})");

    private final List<Path> classPath;
    private final Path confDir;
    private final Path pluginsDir;
    private final Path logDir;
    private final Duration timeout;
    private int runs;

    public FlinkCommandLine(List<Path> classPath, Path confDir, Path pluginsDir, Path logDir, Duration timeout) {
        this.classPath = classPath;
        this.confDir = confDir;
        this.pluginsDir = pluginsDir;
        this.logDir = logDir;
        this.timeout = timeout;
    }

    /**
     * Runs {@code flink run -d runOptions... jar programArguments...} and returns the submitted job's id.
     *
     * @param jvmOptions added to the client JVM's options (e.g. {@code -Dkey=value}: the job's main method runs there)
     * @param environment added to the client's environment
     * @throws IllegalStateException if the client fails (its output, with the job's own start-up
     *     errors, is in the message and in {@code client-<n>.out})
     */
    public synchronized JobID runDetached(
            Path jar,
            List<String> programArguments,
            List<String> runOptions,
            List<String> jvmOptions,
            Map<String, String> environment) {
        List<String> arguments = new ArrayList<>(List.of("run", "--detached"));
        arguments.addAll(runOptions);
        arguments.add(jar.toAbsolutePath().toString());
        arguments.addAll(programArguments);
        List<String> jvm = new ArrayList<>(List.of(
                "-Xmx256m",
                "-Dlog4j.configurationFile="
                        + confDir.resolve(FlinkConfDir.LOG4J_FILE).toUri()));
        jvm.addAll(jvmOptions);
        Map<String, String> clientEnvironment = new HashMap<>(environment);
        clientEnvironment.put("FLINK_CONF_DIR", confDir.toString());
        clientEnvironment.put("FLINK_PLUGINS_DIR", pluginsDir.toString());
        FlinkProcess client = FlinkProcess.start(
                "client-" + (++runs), logDir, MAIN_CLASS, classPath, jvm, arguments, clientEnvironment);
        int exit = client.awaitExit(timeout);
        String output = client.output();
        Matcher submitted = SUBMITTED.matcher(output);
        if (exit != 0 || !submitted.find()) {
            throw new IllegalStateException("flink run " + jar.getFileName() + " failed (exit " + exit + "), see "
                    + client.outFile() + " and " + client.logFile() + ":\n" + output);
        }
        return JobID.fromHexString(submitted.group(1));
    }
}
