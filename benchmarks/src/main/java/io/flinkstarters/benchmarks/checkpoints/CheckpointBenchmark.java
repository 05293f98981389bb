package io.flinkstarters.benchmarks.checkpoints;

import io.flinkstarters.benchmarks.BenchParams;
import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.BenchJob;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.JobSetup;
import io.flinkstarters.benchmarks.harness.LiveFeed;
import io.flinkstarters.benchmarks.harness.Probe;
import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import io.flinkstarters.benchmarks.harness.Shapes;
import io.flinkstarters.benchmarks.report.Numbers;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.benchmarks.report.Table;
import io.flinkstarters.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.runtime.checkpoint.AbstractCheckpointStats;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;

/**
 * Benchmark 3: checkpoint duration and size as the job's state grows, for hashmap, RocksDB full and
 * RocksDB incremental snapshots. Each backend runs a fresh exactly-once job over the same pre-filled
 * topic (every new event id is a key of the deduplication state, so the state grows with the records
 * read), then, at steady state, with live input appended at a steady rate: there the state barely grows
 * and an incremental checkpoint writes only what changed.
 *
 * <p>Every completed checkpoint is taken from the JobManager's statistics (duration, full state size,
 * bytes this checkpoint wrote) together with the records read when it was triggered.
 */
public final class CheckpointBenchmark implements Benchmark<CheckpointBenchmark.Results> {

    /** One completed checkpoint. */
    public record Checkpoint(long id, long recordsRead, long durationMillis, long stateSize, long checkpointedSize) {}

    /** One backend's checkpoints while the state grew, and at steady state. */
    public record BackendRun(Backend backend, List<Checkpoint> growth, List<Checkpoint> steady) {}

    /**
     * @param interval the checkpoint interval, the reference for durations: a checkpoint taking a large share of it
     *     leaves the job little time between two
     */
    public record Results(List<BackendRun> runs, List<Long> milestones, Duration interval, String setup)
            implements Benchmark.Result {

        @Override
        public String markdown() {
            Table growth = new Table(
                    "state backend",
                    "records read (≈ keys in state)",
                    "duration (s)",
                    "duration vs interval",
                    "written (checkpointed size)",
                    "full state size",
                    "written vs full state");
            for (BackendRun run : runs) {
                // One checkpoint can be the first past several milestones (a fast job reads 100 K records before its
                // first): shown once.
                milestones.stream()
                        .flatMap(milestone -> run.growth().stream()
                                .filter(checkpoint -> checkpoint.recordsRead() >= milestone)
                                .findFirst()
                                .stream())
                        .distinct()
                        .forEach(checkpoint -> growth.row(
                                run.backend().label(),
                                Numbers.count(checkpoint.recordsRead()),
                                Numbers.seconds(checkpoint.durationMillis()),
                                Numbers.ratio(checkpoint.durationMillis() / (double) interval.toMillis()),
                                Numbers.bytes(checkpoint.checkpointedSize()),
                                Numbers.bytes(checkpoint.stateSize()),
                                share(checkpoint.checkpointedSize(), checkpoint.stateSize())));
            }
            Table steady = new Table(
                    "state backend",
                    "checkpoints",
                    "duration median / max (s)",
                    "duration vs interval, median",
                    "written median",
                    "full state size",
                    "written vs RocksDB full");
            double full = runs.stream()
                    .filter(run -> run.backend() == Backend.ROCKSDB_FULL
                            && !run.steady().isEmpty())
                    .mapToDouble(run -> Numbers.median(written(run)))
                    .findFirst()
                    .orElse(Double.NaN);
            for (BackendRun run : runs) {
                if (run.steady().isEmpty()) {
                    continue;
                }
                List<Long> durations =
                        run.steady().stream().map(Checkpoint::durationMillis).toList();
                steady.row(
                        run.backend().label(),
                        run.steady().size(),
                        Numbers.seconds(Numbers.median(durations)) + " / " + Numbers.seconds(Numbers.max(durations)),
                        Numbers.ratio(Numbers.median(durations) / interval.toMillis()),
                        Numbers.bytes(Numbers.median(written(run))),
                        Numbers.bytes(run.steady().get(run.steady().size() - 1).stateSize()),
                        share(Numbers.median(written(run)), full));
            }
            return setup + "\n\nWhile the state grows (the first checkpoint past each milestone):\n\n"
                    + growth.toMarkdown() + "\nAt steady state (live input, state nearly constant):\n\n"
                    + steady.toMarkdown();
        }

        /** Three decimals: an incremental checkpoint writes a few thousandths of a full one. */
        private static String share(double part, double whole) {
            return String.format(Locale.ROOT, "%.3f", part / whole);
        }

        private static List<Long> written(BackendRun run) {
            return run.steady().stream().map(Checkpoint::checkpointedSize).toList();
        }
    }

    @Override
    public String name() {
        return "checkpoints";
    }

    @Override
    public Results run(BenchStack stack, BenchParams params) throws Exception {
        int events = params.integer("checkpoints.events", 1_000_000, 3_000);
        Duration interval = params.duration("checkpoints.interval", Duration.ofSeconds(2), Duration.ofMillis(500));
        int steadyCheckpoints = params.integer("checkpoints.steady", 5, 2);
        int rate = params.integer("checkpoints.live-rate", 2_000, 500);
        List<Long> milestones = Arrays.stream(
                        params.string("checkpoints.milestones", "10000,100000,1000000", "1000,3000")
                                .split(","))
                .map(String::trim)
                .map(Long::parseLong)
                .toList();
        List<Backend> backends = Arrays.stream(params.string(
                                "checkpoints.backends",
                                "hashmap,rocksdb_full,rocksdb_incremental",
                                "hashmap,rocksdb_incremental")
                        .split(","))
                .map(name -> Backend.valueOf(name.trim().toUpperCase(Locale.ROOT)))
                .toList();
        FilledTopic topic = stack.filledTopic(Shapes.of(params, events), "checkpoint-events");
        List<BackendRun> runs = new ArrayList<>();
        for (Backend backend : backends) {
            Progress.say("checkpoints %d/%d: %s", runs.size() + 1, backends.size(), backend.label());
            runs.add(measure(
                    stack,
                    topic,
                    RunConfig.checkpointed(DeliveryGuarantee.EXACTLY_ONCE, interval, backend),
                    steadyCheckpoints,
                    rate));
        }
        String setup = "Job: exactly-once, checkpoints every " + interval.toMillis()
                + " ms to the S3-protocol store, parallelism "
                + BenchStack.PARALLELISM + "; input " + Numbers.count(topic.records())
                + " pre-filled records, then live input at " + rate
                + " events/s for " + steadyCheckpoints
                + " checkpoints (steady state). The deduplication state holds one key per event id"
                + " read (TTL 1 h), the window state one entry per open (user, metric, window).";
        return new Results(runs, milestones, interval, setup);
    }

    private static BackendRun measure(
            BenchStack stack, FilledTopic topic, RunConfig config, int steadyCheckpoints, int rate) throws Exception {
        String run = "cp-" + config.id();
        JobSetup setup =
                JobSetup.of(config, run, topic.name(), stack.kafka().bootstrapServers(), stack.objectStore(), "");
        Probe probe = new Probe();
        JobID job = BenchJob.submit(stack, setup, config.guarantee(), probe::applyTo);
        CheckpointWatch watch = new CheckpointWatch(stack, job, probe);
        try {
            Duration timeout = Duration.ofMinutes(10);
            Await.until(
                    "all " + topic.records() + " records read",
                    watch::poll,
                    records -> records >= topic.records(),
                    timeout);
            // The checkpoint after everything was read is the last of the growth.
            long grown = watch.completed().size();
            Await.until(
                    "a checkpoint after all records were read",
                    () -> watch.pollCompleted(),
                    count -> count > grown + 1,
                    timeout);
            List<Checkpoint> growth = List.copyOf(watch.completed());
            Progress.say(
                    "  grown: %d checkpoints, last %s written of %s in %s s",
                    growth.size(),
                    Numbers.bytes(growth.get(growth.size() - 1).checkpointedSize()),
                    Numbers.bytes(growth.get(growth.size() - 1).stateSize()),
                    Numbers.seconds(growth.get(growth.size() - 1).durationMillis()));
            List<Checkpoint> steady;
            try (LiveFeed live = LiveFeed.append(stack, topic.name(), rate, 1_000, topic.closingEventTime() + 1)) {
                int before = watch.completed().size();
                Await.until(
                        steadyCheckpoints + " checkpoints with live input",
                        () -> watch.pollCompleted(),
                        count -> count >= before + steadyCheckpoints,
                        timeout);
                live.check();
                steady = List.copyOf(watch.completed().subList(before, before + steadyCheckpoints));
            }
            Checkpoint last = steady.get(steady.size() - 1);
            Progress.say(
                    "  steady: %s written of %s in %s s",
                    Numbers.bytes(last.checkpointedSize()),
                    Numbers.bytes(last.stateSize()),
                    Numbers.seconds(last.durationMillis()));
            return new BackendRun(config.backend(), growth, steady);
        } finally {
            stack.cluster().cancel(job);
        }
    }

    /** Collects every completed checkpoint of a job, with the records read when it was triggered. */
    private static final class CheckpointWatch {
        private final BenchStack stack;
        private final JobID job;
        private final Probe probe;
        private final TreeMap<Long, Long> recordsAt = new TreeMap<>();
        private final Map<Long, Checkpoint> completed = new TreeMap<>();

        CheckpointWatch(BenchStack stack, JobID job, Probe probe) {
            this.stack = stack;
            this.job = job;
            this.probe = probe;
        }

        /** Samples the records read and collects new checkpoints; returns the records read. */
        long poll() throws Exception {
            long records = probe.records();
            recordsAt.put(System.currentTimeMillis(), records);
            for (AbstractCheckpointStats stats : stack.cluster()
                    .miniCluster()
                    .getExecutionGraph(job)
                    .get()
                    .getCheckpointStatsSnapshot()
                    .getHistory()
                    .getCheckpoints()) {
                if (stats instanceof CompletedCheckpointStats done && !completed.containsKey(done.getCheckpointId())) {
                    Map.Entry<Long, Long> atTrigger = recordsAt.floorEntry(done.getTriggerTimestamp());
                    completed.put(
                            done.getCheckpointId(),
                            new Checkpoint(
                                    done.getCheckpointId(),
                                    atTrigger == null ? 0 : atTrigger.getValue(),
                                    done.getEndToEndDuration(),
                                    done.getStateSize(),
                                    done.getCheckpointedSize()));
                }
            }
            return records;
        }

        int pollCompleted() throws Exception {
            poll();
            return completed.size();
        }

        List<Checkpoint> completed() {
            return new ArrayList<>(completed.values());
        }
    }
}
