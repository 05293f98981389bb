package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.BenchParams;
import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.BenchJob;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.CpuMeter;
import io.flinkstarters.benchmarks.harness.EventFeed;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.JobSetup;
import io.flinkstarters.benchmarks.harness.OutputCheck;
import io.flinkstarters.benchmarks.harness.Probe;
import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import io.flinkstarters.benchmarks.harness.Shapes;
import io.flinkstarters.benchmarks.report.Numbers;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.benchmarks.report.Table;
import io.flinkstarters.testkit.Await;
import io.flinkstarters.testkit.CheckpointStats;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Benchmark 1: end-to-end throughput of the health job, Kafka → Flink → Kafka, over a pre-filled topic,
 * for each delivery guarantee, checkpoint interval and state backend, one after the other on the same
 * cluster and the same topic (each configuration a fresh job reading from the start with its own
 * consumer group and output topics).
 *
 * <p>The rate is taken between 10 % and 90 % of the topic read (counted by the {@link Probe} after the
 * source), so job start-up and the final commit do not count; with back-pressure the source cannot run
 * ahead of the sinks by more than the network buffers, so that rate is the end-to-end one. CPU over the
 * same span comes from {@link CpuMeter}. After the measurement each run must commit exactly the
 * aggregates and dead letters the data calls for.
 */
public final class ThroughputBenchmark implements Benchmark<ThroughputBenchmark.Results> {

    private static final double FROM = 0.10;
    private static final double TO = 0.90;

    /** One configuration's figures. */
    public record Run(
            RunConfig config,
            long windowRecords,
            double eventsPerSecond,
            CpuMeter.Usage cpu,
            CheckpointStats checkpoints,
            OutputCheck.Outcome output) {

        public double eventsPerFlinkCpuSecond() {
            return windowRecords / cpu.flinkSeconds();
        }
    }

    /** All configurations of one run. */
    public record Results(FilledTopic topic, int rounds, List<Run> runs) implements Benchmark.Result {

        @Override
        public String markdown() {
            Table table = new Table(
                    "guarantee",
                    "interval",
                    "state backend",
                    "events/s",
                    "events/s by round",
                    "events per Flink CPU-s",
                    "vs no checkpoints",
                    "Flink CPU (cores)",
                    "broker+S3 CPU (cores)",
                    "GC+JIT (cores)",
                    "checkpoints",
                    "output");
            Map<RunConfig, List<Run>> byConfig =
                    runs.stream().collect(Collectors.groupingBy(Run::config, LinkedHashMap::new, Collectors.toList()));
            byConfig.forEach((config, measured) -> {
                double baseline = byConfig.entrySet().stream()
                        .filter(other -> other.getKey().interval().isEmpty()
                                && other.getKey().backend() == config.backend())
                        .mapToDouble(other -> median(other.getValue(), Run::eventsPerSecond))
                        .findFirst()
                        .orElse(Double.NaN);
                double eventsPerSecond = median(measured, Run::eventsPerSecond);
                table.row(
                        config.guaranteeLabel(),
                        config.intervalLabel(),
                        config.backend().label(),
                        Numbers.count(eventsPerSecond),
                        measured.stream()
                                .map(run -> Numbers.count(run.eventsPerSecond()))
                                .collect(Collectors.joining(" / ")),
                        Numbers.count(median(measured, Run::eventsPerFlinkCpuSecond)),
                        config.interval().isEmpty() ? "1.00" : Numbers.ratio(eventsPerSecond / baseline),
                        Numbers.ratio(median(
                                measured,
                                run -> run.cpu().flinkSeconds() / run.cpu().wallSeconds())),
                        Numbers.ratio(median(
                                measured,
                                run -> run.cpu().servicesSeconds() / run.cpu().wallSeconds())),
                        Numbers.ratio(median(
                                measured,
                                run -> run.cpu().vmSeconds() / run.cpu().wallSeconds())),
                        config.interval().isEmpty()
                                ? "-"
                                : measured.stream()
                                        .map(run -> run.checkpoints().completed() + " ("
                                                + run.checkpoints().failed() + " failed)")
                                        .collect(Collectors.joining(" / ")),
                        measured.stream()
                                .map(run -> run.output().describe())
                                .distinct()
                                .collect(Collectors.joining(", ")));
            });
            return "Input: topic of " + Numbers.count(topic.records()) + " records ("
                    + Numbers.count(topic.duplicates()) + " retries, "
                    + Numbers.count(topic.expectedDeadLetters()) + " bad records); every run must commit "
                    + Numbers.count(topic.expectedAggregates()) + " aggregates and "
                    + Numbers.count(topic.expectedDeadLetters())
                    + " dead letters. " + rounds
                    + " round(s): every configuration of a backend once per round, in the order of the table, "
                    + "the rounds one after the other; the figures are the medians over the rounds.\n\n"
                    + table.toMarkdown();
        }

        private static double median(List<Run> measured, ToDoubleFunction<Run> figure) {
            return Numbers.median(measured.stream().map(figure::applyAsDouble).toList());
        }
    }

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public Results run(BenchStack stack, BenchParams params) {
        EventFeed.Shape shape = Shapes.of(params, params.integer("events", 2_000_000, 30_000));
        List<Backend> backends = parse(
                params.string(
                        "throughput.backends",
                        "hashmap,rocksdb_incremental,rocksdb_incremental_heap_timers",
                        "hashmap"),
                Backend::valueOf);
        List<Duration> intervals =
                parse(params.string("throughput.intervals", "1s,10s", "1s"), text -> Duration.parse("PT" + text));
        FilledTopic topic = stack.filledTopic(shape);

        // Rounds, interleaved: a drift over the run (JIT, heap, the machine) spreads over every configuration
        // instead of favouring the ones measured last.
        int rounds = params.integer("throughput.rounds", 3, 1);
        List<RunConfig> configs = new ArrayList<>();
        for (Backend backend : backends) {
            for (int round = 0; round < rounds; round++) {
                configs.add(RunConfig.noCheckpoints(backend));
                for (DeliveryGuarantee guarantee :
                        List.of(DeliveryGuarantee.AT_LEAST_ONCE, DeliveryGuarantee.EXACTLY_ONCE)) {
                    intervals.forEach(interval -> configs.add(RunConfig.checkpointed(guarantee, interval, backend)));
                }
            }
        }
        // Raw Flink options on top of the starters' (HOCON, e.g. "\"state.backend.rocksdb.block.cache-size\" = 256mb"):
        // to measure a tuning.
        String flinkConf = params.string("throughput.flink-conf", "", "");
        // Starter settings on top of the shipped ones (HOCON, e.g. "flink.checkpoint.state-backend.bloom-filter =
        // false").
        String starters = params.string("throughput.starters", "", "");
        String extraHocon = (flinkConf.isBlank() ? "" : "flink.conf { " + flinkConf + " }\n") + starters + "\n";
        int warmUp = params.integer("throughput.warmup", 300_000, 0);
        List<Run> runs = new ArrayList<>();
        for (RunConfig config : configs) {
            if (runs.stream().noneMatch(run -> run.config().backend() == config.backend())) {
                warmUp(
                        stack,
                        topic,
                        warmUp,
                        configs.stream()
                                .filter(other -> other.backend() == config.backend())
                                .distinct()
                                .toList(),
                        extraHocon);
            }
            Progress.say(
                    "throughput %d/%d: %s, interval %s, %s",
                    runs.size() + 1,
                    configs.size(),
                    config.guaranteeLabel(),
                    config.intervalLabel(),
                    config.backend().label());
            runs.add(measure(stack, topic, config, "tp-" + config.id() + "-" + runs.size(), extraHocon));
            Run last = runs.get(runs.size() - 1);
            Progress.say(
                    "  %,.0f events/s, %,.0f events per Flink CPU-s (Flink %.2f cores, broker+S3 %.2f, GC+JIT %.2f); output %s",
                    last.eventsPerSecond(),
                    last.eventsPerFlinkCpuSecond(),
                    last.cpu().flinkSeconds() / last.cpu().wallSeconds(),
                    last.cpu().servicesSeconds() / last.cpu().wallSeconds(),
                    last.cpu().vmSeconds() / last.cpu().wallSeconds(),
                    last.output().describe());
            if (Boolean.getBoolean("bench.threads")) {
                last.cpu()
                        .topThreads()
                        .forEach(thread -> Progress.say(
                                "    %-8s %6.2f s  %s", thread.kind(), thread.cpuNanos() / 1e9, thread.name()));
            }
        }
        return new Results(topic, rounds, runs);
    }

    private static Run measure(BenchStack stack, FilledTopic topic, RunConfig config, String run, String extraHocon) {
        JobSetup setup = JobSetup.of(
                config, run, topic.name(), stack.kafka().bootstrapServers(), stack.objectStore(), extraHocon);
        Probe probe = new Probe();
        JobID job = BenchJob.submit(stack, setup, config.guarantee(), probe::applyTo);
        try {
            Duration timeout = Duration.ofMinutes(10);
            long from = (long) (topic.records() * FROM);
            long to = (long) (topic.records() * TO);
            long startCount = Await.until(from + " records read", probe::records, count -> count >= from, timeout);
            CpuMeter.Snapshot start = stack.cpu().snapshot();
            long startCheckpoints = checkpoints(stack, job).completed();
            long endCount = Await.until(to + " records read", probe::records, count -> count >= to, timeout);
            CpuMeter.Snapshot end = stack.cpu().snapshot();
            CheckpointStats stats = checkpoints(stack, job);
            CpuMeter.Usage usage = CpuMeter.between(start, end);
            if (endCount - startCount < (to - from) / 2) {
                throw new IllegalStateException("The job read " + (topic.records() - startCount) + " of "
                        + topic.records() + " records in one burst: too few to measure a rate; raise bench.events");
            }
            double eventsPerSecond = (endCount - startCount) / usage.wallSeconds();
            Await.until(
                    "all " + topic.records() + " records read",
                    probe::records,
                    count -> count >= topic.records(),
                    timeout);
            OutputCheck.Outcome output = OutputCheck.await(stack.kafka(), topic, run, Duration.ofMinutes(2));
            CheckpointStats during = new CheckpointStats(
                    stats.completed() - startCheckpoints,
                    stats.failed(),
                    0,
                    0,
                    stats.lastDurationMillis(),
                    stats.lastStateSize(),
                    stats.lastCheckpointedSize(),
                    stats.lastExternalPath());
            return new Run(config, endCount - startCount, eventsPerSecond, usage, during, output);
        } finally {
            stack.cluster().cancel(job);
        }
    }

    /**
     * Runs every configuration of a backend on part of the topic, unmeasured, before the first measured
     * one: the configurations measured first would otherwise pay for class loading and JIT compilation
     * of the code paths they share with the others (measured here: with only the first configuration
     * warmed up, the first round's runs were 20-35 % slower than the second round's).
     */
    private static void warmUp(
            BenchStack stack, FilledTopic topic, int records, List<RunConfig> configs, String extraHocon) {
        if (records <= 0) {
            return;
        }
        for (RunConfig config : configs) {
            Progress.say(
                    "throughput: warming up %s, interval %s, %s on %,d records (not measured)",
                    config.guaranteeLabel(),
                    config.intervalLabel(),
                    config.backend().label(),
                    records);
            JobSetup setup = JobSetup.of(
                    config,
                    "tp-warm-up-" + config.id(),
                    topic.name(),
                    stack.kafka().bootstrapServers(),
                    stack.objectStore(),
                    extraHocon);
            Probe probe = new Probe();
            JobID job = BenchJob.submit(stack, setup, config.guarantee(), probe::applyTo);
            try {
                Await.until(
                        records + " records read",
                        probe::records,
                        count -> count >= Math.min(records, topic.records()),
                        Duration.ofMinutes(5));
            } finally {
                stack.cluster().cancel(job);
            }
        }
    }

    private static CheckpointStats checkpoints(BenchStack stack, JobID job) {
        return stack.cluster().checkpointStats(job);
    }

    private static <T> List<T> parse(String list, Function<String, T> parse) {
        return Arrays.stream(list.split(","))
                .map(String::trim)
                .filter(item -> !item.isEmpty())
                .map(item -> parse.apply(item.toUpperCase(Locale.ROOT)))
                .collect(Collectors.toList());
    }
}
