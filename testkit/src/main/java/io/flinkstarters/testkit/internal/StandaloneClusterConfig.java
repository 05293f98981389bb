package io.flinkstarters.testkit.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;

/**
 * The part of a process cluster's {@code config.yaml} that makes it run on one machine, and the JVM
 * flags that go with it: loopback addresses, the JobManager's ports, and TaskManager memory spelled
 * out. Recovery behaviour (heartbeats, restarts, retained checkpoints) is deliberately not here: it
 * comes from the test's configuration, so what is measured is what ships.
 */
@Internal
public final class StandaloneClusterConfig {

    private static final int JOB_MANAGER_HEAP_MB = 512;
    private static final int FRAMEWORK_HEAP_MB = 128;
    private static final int TASK_HEAP_MB = 256;
    private static final int FRAMEWORK_OFF_HEAP_MB = 128;
    private static final int NETWORK_MB = 64;
    private static final int MANAGED_MB = 128;
    private static final int METASPACE_MB = 256;
    private static final int OVERHEAD_MB = 192;

    private StandaloneClusterConfig() {}

    /** The options for a cluster whose JobManager listens on these loopback ports, with this many slots per TaskManager. */
    public static Map<String, String> forLoopback(int rpcPort, int restPort, int slotsPerTaskManager) {
        Map<String, String> options = new LinkedHashMap<>();
        // Everything on loopback; the JobManager's ports are fixed up front because TaskManagers and
        // the client find it through this file. Blob server and TaskManager ports: any free one.
        options.put("jobmanager.rpc.address", "127.0.0.1");
        options.put("jobmanager.rpc.port", String.valueOf(rpcPort));
        options.put("jobmanager.bind-host", "127.0.0.1");
        options.put("rest.address", "127.0.0.1");
        options.put("rest.bind-address", "127.0.0.1");
        options.put("rest.port", String.valueOf(restPort));
        options.put("taskmanager.host", "127.0.0.1");
        options.put("taskmanager.bind-host", "127.0.0.1");
        options.put("blob.server.port", "0");
        options.put("taskmanager.rpc.port", "0");
        options.put("taskmanager.data.port", "0");
        options.put("taskmanager.numberOfTaskSlots", String.valueOf(slotsPerTaskManager));
        // Flink's scripts derive these from taskmanager.memory.process.size (BashJavaUtils); a
        // TaskManagerRunner started directly needs them spelled out, matching its JVM flags.
        options.put("taskmanager.cpu.cores", String.valueOf(slotsPerTaskManager));
        options.put("taskmanager.memory.framework.heap.size", FRAMEWORK_HEAP_MB + "m");
        options.put("taskmanager.memory.task.heap.size", TASK_HEAP_MB + "m");
        options.put("taskmanager.memory.framework.off-heap.size", FRAMEWORK_OFF_HEAP_MB + "m");
        options.put("taskmanager.memory.task.off-heap.size", "0m");
        options.put("taskmanager.memory.network.min", NETWORK_MB + "m");
        options.put("taskmanager.memory.network.max", NETWORK_MB + "m");
        options.put("taskmanager.memory.managed.size", MANAGED_MB + "m");
        options.put("taskmanager.memory.jvm-metaspace.size", METASPACE_MB + "m");
        options.put("taskmanager.memory.jvm-overhead.min", OVERHEAD_MB + "m");
        options.put("taskmanager.memory.jvm-overhead.max", OVERHEAD_MB + "m");
        // Fresh job states and metrics through REST instead of the web UI's multi-second caches.
        options.put("web.refresh-interval", "100ms");
        options.put("metrics.fetcher.update-interval", "100ms");
        // ProcessCluster.restarts() counts the exception history: keep all of it (Flink keeps 16).
        options.put("web.exception-history-size", "1000");
        // Spread each job's slots over all TaskManagers, as production clusters should: a job with
        // parallelism >= TaskManagers then runs on every one, so killing any TaskManager hits it.
        options.put("taskmanager.load-balance.mode", "SLOTS");
        return options;
    }

    public static List<String> jobManagerJvmOptions() {
        return List.of("-Xmx" + JOB_MANAGER_HEAP_MB + "m");
    }

    /** Heap, direct memory and metaspace as the memory options above add up (what Flink's scripts would pass). */
    public static List<String> taskManagerJvmOptions() {
        return List.of(
                "-Xmx" + (FRAMEWORK_HEAP_MB + TASK_HEAP_MB) + "m",
                "-XX:MaxDirectMemorySize=" + (FRAMEWORK_OFF_HEAP_MB + NETWORK_MB) + "m",
                "-XX:MaxMetaspaceSize=" + METASPACE_MB + "m");
    }
}
