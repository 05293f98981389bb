package io.flinkstarters.benchmarks.harness;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * CPU time of the measured job (Flink, or a reference loop of Kafka clients) inside a JVM it shares with a Kafka
 * broker and an S3 server: per-thread CPU time ({@link ThreadMXBean}) summed over the threads that belong to the job.
 *
 * <p>Which thread is whose: threads alive before the services started are the harness's (main, JVM
 * housekeeping); threads that appeared while the broker and the object store started, and later
 * threads whose names are the broker's or the S3 server's ({@link #SERVICE_NAMES}), are the services';
 * threads the harness registers ({@link #harness(Thread)}) are the harness's; everything else (task
 * threads, the runtime's RPC and I/O threads, and the Kafka clients of the job's source and sinks,
 * which run inside the TaskManager in production too; a reference loop's threads and clients) is the job's. Garbage collection and the JIT run
 * in VM threads that no Java thread owns: they are reported apart (process CPU minus all threads).
 *
 * <p>Threads are sampled every {@value #SAMPLE_MILLIS} ms, so a thread that ends between two samples
 * loses at most that much of its CPU time.
 */
public final class CpuMeter implements AutoCloseable {

    private static final long SAMPLE_MILLIS = 200;

    /** Threads of the in-process broker (KRaft, request handlers, coordinators) and of s3proxy (its Jetty pool, {@code S3Proxy-Jetty-N}, grows lazily), by name. */
    static final Pattern SERVICE_NAMES = Pattern.compile(
            "^(kafka-(?!producer|coordinator|admin)|data-plane|broker-|controller-|quorum|raft|group-coordinator|share-coordinator"
                    + "|transaction|TxnMarker|ExpirationReaper|ThrottledChannelReaper|LogDirFailureHandler|ReplicaFetcher|executor-"
                    + "|feature-|metadata|kafka-scheduler|(?i:s3proxy)|qtp|user-jclouds|jclouds).*");

    public enum Kind {
        /** Flink's threads, or a reference loop's. */
        JOB,
        SERVICES,
        HARNESS
    }

    /** One thread's CPU time at the latest sample. */
    public record ThreadCpu(long id, String name, Kind kind, long cpuNanos) {}

    /** All threads' CPU times at one instant, and the whole process's. */
    public record Snapshot(long wallNanos, long processCpuNanos, Map<Long, ThreadCpu> threads) {}

    /** CPU spent between two snapshots, by owner. */
    public record Usage(
            double wallSeconds,
            double jobSeconds,
            double servicesSeconds,
            double harnessSeconds,
            double vmSeconds,
            double processSeconds,
            List<ThreadCpu> topThreads) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Set<Long> services;
    private final Set<Long> harness = ConcurrentHashMap.newKeySet();
    private final Map<Long, ThreadCpu> latest = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean running = true;

    CpuMeter(Set<Long> services) {
        if (!THREADS.isThreadCpuTimeSupported()) {
            throw new IllegalStateException("This JVM cannot measure per-thread CPU time");
        }
        THREADS.setThreadCpuTimeEnabled(true);
        this.services = Set.copyOf(services);
        this.sampler = new Thread(this::sampleForever, "bench-cpu-sampler");
        sampler.setDaemon(true);
        harness(sampler);
        sampler.start();
    }

    /** The thread ids alive now: taken before the services start, to tell their threads apart afterwards. */
    static ThreadCensus census() {
        return new ThreadCensus(ids());
    }

    /** Threads alive at one moment. */
    record ThreadCensus(Set<Long> before) {
        Set<Long> servicesStartedSince() {
            Set<Long> now = ids();
            now.removeAll(before);
            return now;
        }
    }

    /** Counts a harness thread (producers, pollers) as neither Flink's nor the services'. */
    public void harness(Thread thread) {
        harness.add(thread.getId());
    }

    public Snapshot snapshot() {
        sample();
        return new Snapshot(System.nanoTime(), processCpuNanos(), Map.copyOf(latest));
    }

    public static Usage between(Snapshot from, Snapshot to) {
        Map<Kind, Long> byKind = new HashMap<>();
        List<ThreadCpu> deltas = new ArrayList<>();
        for (ThreadCpu thread : to.threads().values()) {
            ThreadCpu before = from.threads().get(thread.id());
            long delta = thread.cpuNanos() - (before == null ? 0 : before.cpuNanos());
            byKind.merge(thread.kind(), delta, Long::sum);
            deltas.add(new ThreadCpu(thread.id(), thread.name(), thread.kind(), delta));
        }
        long threads = byKind.values().stream().mapToLong(Long::longValue).sum();
        long process = to.processCpuNanos() - from.processCpuNanos();
        deltas.sort(Comparator.comparingLong(ThreadCpu::cpuNanos).reversed());
        return new Usage(
                (to.wallNanos() - from.wallNanos()) / 1e9,
                seconds(byKind.get(Kind.JOB)),
                seconds(byKind.get(Kind.SERVICES)),
                seconds(byKind.get(Kind.HARNESS)),
                Math.max(0, (process - threads) / 1e9),
                process / 1e9,
                List.copyOf(deltas.subList(0, Math.min(15, deltas.size()))));
    }

    private static double seconds(Long nanos) {
        return nanos == null ? 0 : nanos / 1e9;
    }

    private void sampleForever() {
        while (running) {
            sample();
            try {
                Thread.sleep(SAMPLE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void sample() {
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            long cpu = THREADS.getThreadCpuTime(ids[i]);
            if (cpu < 0 || infos[i] == null) {
                continue; // ended meanwhile; its last sample stays
            }
            String name = infos[i].getThreadName();
            latest.put(ids[i], new ThreadCpu(ids[i], name, kind(ids[i], name), cpu));
        }
    }

    private Kind kind(long id, String name) {
        if (harness.contains(id)) {
            return Kind.HARNESS;
        }
        if (services.contains(id) || SERVICE_NAMES.matcher(name).matches()) {
            return Kind.SERVICES;
        }
        return id < firstNonHarnessId() ? Kind.HARNESS : Kind.JOB;
    }

    /** Thread ids grow monotonically: anything older than the first service thread predates the services (main, JVM threads). */
    private long firstNonHarnessId() {
        return services.stream().mapToLong(Long::longValue).min().orElse(Long.MAX_VALUE);
    }

    private static long processCpuNanos() {
        return ((OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static Set<Long> ids() {
        Set<Long> ids = new HashSet<>();
        for (long id : THREADS.getAllThreadIds()) {
            ids.add(id);
        }
        return ids;
    }

    @Override
    public void close() {
        running = false;
        sampler.interrupt();
    }
}
