package io.flinkstarters.testkit.internal;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * One Flink JVM (JobManager, TaskManager or command-line client) started the way Flink's scripts start
 * it: {@code java <jvm options> -Dlog.file=<dir>/<name>.log -cp <class path> <main class> <args>},
 * stdout and stderr into {@code <dir>/<name>.out}.
 *
 * <p>Every process started here is also destroyed when this JVM exits (a shutdown hook), so a test
 * that dies half-way leaves no Flink processes behind; {@link #kill()} is the {@code kill -9} fault.
 */
@Internal
public final class FlinkProcess {

    private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "flink-process-reaper"));
    }

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path outFile;

    private FlinkProcess(String name, Process process, Path logFile, Path outFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.outFile = outFile;
    }

    /**
     * Starts the process.
     *
     * @param name names the log files, e.g. {@code taskmanager-0}
     * @param environment added to this JVM's environment (e.g. {@code FLINK_CONF_DIR})
     */
    public static FlinkProcess start(
            String name,
            Path logDir,
            String mainClass,
            List<Path> classPath,
            List<String> jvmOptions,
            List<String> arguments,
            Map<String, String> environment) {
        Path logFile = logDir.resolve(name + ".log").toAbsolutePath();
        Path outFile = logDir.resolve(name + ".out").toAbsolutePath();
        List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(FlinkJvmOptions.JAVA_17_OPENS);
        command.add("-Dlog.file=" + logFile);
        command.add("-cp");
        command.add(classPath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(arguments);
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(outFile.toFile());
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(logDir);
            Process process = builder.start();
            LIVE.add(process);
            process.onExit().thenRun(() -> LIVE.remove(process));
            return new FlinkProcess(name, process, logFile, outFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + " (" + mainClass + ")", e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** Where Flink logs (log4j, {@code -Dlog.file}). */
    public Path logFile() {
        return logFile;
    }

    /** Where stdout and stderr go (the client prints the job id there). */
    public Path outFile() {
        return outFile;
    }

    /**
     * {@code kill -9}: SIGKILL, no shutdown hooks, no goodbye to the JobManager; returns the exit status
     * once the process is gone (137 = 128 + SIGKILL).
     */
    public int kill() {
        process.destroyForcibly();
        return awaitExit(Duration.ofSeconds(30));
    }

    /** SIGTERM (Flink shuts down cleanly), then SIGKILL if it has not exited within {@code grace}. */
    public void stop(Duration grace) {
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /** Waits for the process to end on its own; returns its exit status. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + name + " (pid "
                        + pid() + ") to exit; see " + outFile);
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted waiting for " + name + " to exit", e);
        }
    }

    /** What the process wrote to stdout and stderr so far. */
    public String output() {
        try {
            return Files.readString(outFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + outFile, e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + pid() + (isAlive() ? ")" : ", exited)");
    }
}
