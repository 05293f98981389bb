package io.flinkstarters.benchmarks.recovery;

import io.flinkstarters.benchmarks.BenchParams;
import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.BenchJob;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.JobSetup;
import io.flinkstarters.benchmarks.harness.LiveFeed;
import io.flinkstarters.benchmarks.harness.Probe;
import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.report.Numbers;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.benchmarks.report.Table;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.FlinkCluster;
import io.flinkstarters.testkit.ProcessCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.shaded.jackson2.com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Benchmark 2: recovery time after each kind of {@link Fault}, split into detection, restart and
 * catch-up, over repeated strikes on one running job (exactly-once, RocksDB incremental, the shipped
 * restart strategy and cluster settings) fed live at a steady rate.
 *
 * <p>Before the first strike the job's steady lag (production → read) is sampled; "caught up" means
 * every source subtask reads records produced less than {@code max(250 ms, 2 x the steady maximum)}
 * ago. Each strike waits for a checkpoint completed after the previous recovery, so each starts from
 * the same state of affairs.
 */
public final class RecoveryBenchmark implements Benchmark<RecoveryBenchmark.Results> {

    /** One fault kind's recoveries. */
    public record FaultResults(String fault, List<Recovery> recoveries) {}

    public record Results(List<FaultResults> faults, String setup) implements Benchmark.Result {
        @Override
        public String markdown() {
            Table table = new Table(
                    "fault",
                    "n",
                    "detection median / max (s)",
                    "restart median / max (s)",
                    "catch-up median / max (s)",
                    "total median / max (s)",
                    "lag when running again, median (s)");
            for (FaultResults fault : faults) {
                List<Recovery> all = fault.recoveries();
                table.row(
                        fault.fault(),
                        all.size(),
                        stat(all, Recovery::detectionMillis),
                        stat(all, Recovery::restartMillis),
                        stat(all, Recovery::catchUpMillis),
                        stat(all, Recovery::totalMillis),
                        Numbers.seconds(Numbers.median(
                                all.stream().map(Recovery::maxLagMillis).toList())));
            }
            return setup + "\n\n" + table.toMarkdown();
        }

        private static String stat(List<Recovery> recoveries, ToLongFunction<Recovery> phase) {
            List<Long> values = recoveries.stream().map(phase::applyAsLong).toList();
            return Numbers.seconds(Numbers.median(values)) + " / " + Numbers.seconds(Numbers.max(values));
        }
    }

    @Override
    public String name() {
        return "recovery";
    }

    /** The process-kill rows run the health job's shaded jar, which only the job module's package phase builds. */
    @Override
    public String mavenPhase() {
        return "package -DskipTests";
    }

    @Override
    public Results run(BenchStack stack, BenchParams params) throws Exception {
        int repetitions = params.integer("recovery.repetitions", 10, 1);
        int rate = params.integer("recovery.rate", 2_000, 500);
        Duration interval = params.duration("recovery.interval", Duration.ofSeconds(1), Duration.ofMillis(500));
        String restartDelay = params.string("recovery.restart-delay", "shipped", "200ms");
        // One process-kill row per restart delay: the shipped one, and a short one to show what the heartbeats alone
        // give.
        List<String> processDelays = params.list("recovery.process-kill.restart-delays", "shipped,500ms", "");
        if (!processDelays.isEmpty()) {
            ProcessClusterJob.jobJar(); // fails now, not after the MiniCluster rows, if the jar was not built
        }
        RunConfig config =
                RunConfig.checkpointed(DeliveryGuarantee.EXACTLY_ONCE, interval, RunConfig.Backend.ROCKSDB_INCREMENTAL);
        List<FaultResults> results = new ArrayList<>();
        String setup = null;
        for (Fault fault : List.of(new OperatorExceptionFault(), new TaskManagerLossFault())) {
            String run = "recovery-" + results.size();
            // A topic per fault: a new job reads from the earliest offset, and must not start behind a backlog.
            try (LiveFeed feed = LiveFeed.start(stack, "live-" + run, rate, 1_000)) {
                JobSetup job = JobSetup.of(
                        config,
                        run,
                        "live-" + run,
                        stack.kafka().bootstrapServers(),
                        stack.objectStore(),
                        restartHocon(repetitions, restartDelay));
                setup = describe(job.flink(), config, rate, stack);
                Probe probe = new Probe();
                JobID id = BenchJob.submit(
                        stack,
                        job,
                        DeliveryGuarantee.EXACTLY_ONCE,
                        raw -> fault.hook().apply(probe.applyTo(raw)));
                results.add(new FaultResults(
                        fault.label(),
                        strikeRepeatedly(
                                stack, new MiniClusterJob(stack.cluster(), id, probe), fault, repetitions, feed)));
            }
        }
        for (String delay : processDelays) {
            String run = "recovery-" + results.size();
            try (LiveFeed feed = LiveFeed.start(stack, "live-" + run, rate, 1_000)) {
                String extra = restartHocon(repetitions, delay);
                JobSetup job = JobSetup.of(
                        config, run, "live-" + run, stack.kafka().bootstrapServers(), stack.objectStore(), extra);
                String conf = JobSetup.applicationConf(
                        config, run, "live-" + run, stack.kafka().bootstrapServers(), stack.objectStore(), extra);
                try (ProcessClusterJob watched = ProcessClusterJob.start(stack, job, conf, run, rate)) {
                    Fault fault = new ProcessKillFault(
                            (ProcessCluster) watched.cluster(),
                            "TaskManager process kill -9 (process cluster)"
                                    + (delay.equals(restartDelay) ? "" : ", restart delay " + delay));
                    results.add(new FaultResults(
                            fault.label(), strikeRepeatedly(stack, watched, fault, repetitions, feed)));
                }
            }
        }
        return new Results(results, setup + (processDelays.isEmpty() ? "" : " " + PROCESS_CLUSTER));
    }

    private static final String PROCESS_CLUSTER =
            "Process cluster: the health job's shaded jar submitted with `flink run` to a"
                    + " JobManager and 2 TaskManager JVMs (2 slots each, the same shipped cluster configuration), the job on one TaskManager"
                    + " and the other a spare; the one running the job is killed with SIGKILL and a replacement started after each recovery."
                    + " Its catch-up is read from outside the job: the consumer group's committed offsets (committed at each completed"
                    + " checkpoint) against the end of the topic, converted to time at the input rate.";

    /**
     * Repeated strikes on one job need a restart budget larger than the shipped one (a kill -9 can cost
     * more than one restart while the dead TaskManager is not yet known); the delay stays as shipped unless set.
     */
    private static String restartHocon(int repetitions, String delay) {
        return "flink.recovery.restart-strategy.fixed-delay.attempts = " + (5 * repetitions + 10) + "\n"
                + (delay.equals("shipped")
                        ? ""
                        : "flink.recovery.restart-strategy.fixed-delay.delay = " + delay + "\n");
    }

    private static List<Recovery> strikeRepeatedly(
            BenchStack stack, WatchedJob job, Fault fault, int repetitions, LiveFeed feed) throws Exception {
        FlinkCluster cluster = job.cluster();
        try {
            cluster.awaitAllTasksRunning(job.id());
            cluster.awaitCompletedCheckpoints(job.id(), 2);
            Await.until(
                    "the job to keep up with the live input (lag below 1 s)",
                    () -> keepsUp(job),
                    Boolean.TRUE::equals,
                    Duration.ofMinutes(2));
            long threshold = Math.max(250, 2 * steadyLag(job));
            Progress.say("recovery: %s; caught up = lag below %d ms", fault.label(), threshold);
            List<Recovery> recoveries = new ArrayList<>();
            for (int repetition = 0; repetition < repetitions; repetition++) {
                cluster.awaitNextCheckpoint(job.id());
                feed.check();
                Recovery recovery = strike(stack, job, fault, repetition, threshold);
                recoveries.add(recovery);
                Progress.say(
                        "  %d/%d: detection %s s, restart %s s, catch-up %s s, total %s s (largest lag after restart %s s)",
                        repetition + 1,
                        repetitions,
                        Numbers.seconds(recovery.detectionMillis()),
                        Numbers.seconds(recovery.restartMillis()),
                        Numbers.seconds(recovery.catchUpMillis()),
                        Numbers.seconds(recovery.totalMillis()),
                        Numbers.seconds(recovery.maxLagMillis()));
                fault.restore();
            }
            return recoveries;
        } finally {
            cluster.cancel(job.id());
        }
    }

    private static Recovery strike(BenchStack stack, WatchedJob job, Fault fault, int repetition, long threshold)
            throws Exception {
        long fault0 = System.currentTimeMillis();
        fault.strike(stack, job.id(), repetition);
        Duration timeout = job.cluster().timeout();
        long detected = Await.until(
                "the failure in the exception history of " + job.id(),
                () -> failureSince(job, fault0),
                time -> time > 0,
                timeout);
        long running = Await.until(
                "all tasks of " + job.id() + " running again",
                () -> job.runningSince(fault0),
                time -> time > 0,
                timeout);
        job.resetLag();
        long[] maxLag = {0};
        Await.until(
                "the job to catch up (lag below " + threshold + " ms)",
                () -> caughtUp(job, threshold, maxLag),
                Duration.ofMinutes(5));
        return new Recovery(fault0, detected, running, System.currentTimeMillis(), maxLag[0]);
    }

    /** The largest lag seen over two seconds of steady running. */
    private static long steadyLag(WatchedJob job) throws InterruptedException {
        long max = 0;
        for (int i = 0; i < 2000 / 50; i++) {
            for (long lag : job.lagMillis()) {
                max = Math.max(max, lag);
            }
            Thread.sleep(50);
        }
        return max;
    }

    private static boolean keepsUp(WatchedJob job) {
        return Arrays.stream(job.lagMillis()).allMatch(lag -> lag >= 0 && lag < 1000);
    }

    private static boolean caughtUp(WatchedJob job, long threshold, long[] maxLag) {
        long[] lags = job.lagMillis();
        for (long lag : lags) {
            maxLag[0] = Math.max(maxLag[0], lag);
        }
        for (long lag : lags) {
            if (lag < 0 || lag > threshold) {
                return false;
            }
        }
        return true;
    }

    /** The earliest failure the JobManager recorded at or after {@code since}, or 0 if none yet. */
    private static long failureSince(WatchedJob job, long since) throws Exception {
        long earliest = 0;
        for (JsonNode entry : new ObjectMapper()
                .readTree(job.cluster().rest("/jobs/" + job.id() + "/exceptions"))
                .path("exceptionHistory")
                .path("entries")) {
            long time = entry.path("timestamp").asLong();
            if (time >= since && (earliest == 0 || time < earliest)) {
                earliest = time;
            }
        }
        return earliest;
    }

    private static String describe(Configuration job, RunConfig config, int rate, BenchStack stack) {
        Map<String, String> all = job.toMap();
        StringBuilder restart = new StringBuilder(job.get(RestartStrategyOptions.RESTART_STRATEGY));
        all.keySet().stream()
                .filter(key -> key.startsWith("restart-strategy.") && !key.equals("restart-strategy.type"))
                .sorted()
                .forEach(key -> restart.append(", ")
                        .append(key.substring("restart-strategy.".length()))
                        .append(" = ")
                        .append(all.get(key)));
        return "Job: exactly-once, checkpoints every " + config.intervalLabel() + ", "
                + config.backend().label() + ", parallelism "
                + BenchStack.PARALLELISM + " over 2 TaskManagers, live input " + rate + " events/s. Restart strategy: "
                + restart
                + ". Cluster: " + stack.heartbeats() + ".";
    }
}
