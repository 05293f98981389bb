package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.BenchParams;
import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.CpuMeter;
import io.flinkstarters.benchmarks.harness.EventFeed;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.OutputCheck;
import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import io.flinkstarters.benchmarks.harness.Shapes;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.testkit.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * Benchmark 1: end-to-end throughput of the health job, Kafka → Flink → Kafka, over a pre-filled topic, for
 * each delivery guarantee, checkpoint interval and state backend, against two references measured in the same
 * run: the same topic through a loop of Kafka clients alone ({@link KafkaLoop}, the I/O limit), and the job
 * configured by hand with Flink's defaults ({@link Backend#ROCKSDB_FLINK_DEFAULTS}, what the starters are
 * worth). Every configuration is a fresh job (or loop) reading the topic from the start with its own consumer
 * group and output topics, on the same cluster; rounds run every configuration once each, so that each ratio
 * is taken between runs minutes apart and its spread over rounds shows.
 *
 * <p>The rate is taken between 10 % and 90 % of the topic read (counted after the source), so start-up and the
 * final commit do not count; with back-pressure the source cannot run ahead of the sinks by more than the
 * network buffers, so that rate is the end-to-end one. CPU over the same span comes from {@link CpuMeter}.
 * After the measurement each run must commit exactly the output the data calls for.
 */
public final class ThroughputBenchmark implements Benchmark<ThroughputResults> {

    private static final double FROM = 0.10;
    private static final double TO = 0.90;

    /** One measurement of one case. */
    public record Run(
            Case subject,
            int round,
            long windowRecords,
            double eventsPerSecond,
            CpuMeter.Usage cpu,
            long commitsInWindow,
            long failedCommits,
            OutputCheck.Outcome output) {

        public double eventsPerJobCpuSecond() {
            return windowRecords / cpu.jobSeconds();
        }

        /** A run with an interval counts only if at least two checkpoints (transactions) completed in its window. */
        public boolean counts() {
            return subject.interval().isEmpty() || commitsInWindow >= 2;
        }
    }

    @Override
    public String name() {
        return "throughput";
    }

    @Override
    public ThroughputResults run(BenchStack stack, BenchParams params) {
        EventFeed.Shape shape = Shapes.of(params, params.integer("events", 2_000_000, 30_000));
        List<Backend> backends =
                params.list("throughput.backends", "hashmap,rocksdb_incremental", "rocksdb_incremental").stream()
                        .map(name -> Backend.valueOf(name.toUpperCase(Locale.ROOT)))
                        .toList();
        List<DeliveryGuarantee> guarantees =
                params.list("throughput.guarantees", "exactly_once", "exactly_once").stream()
                        .map(name -> DeliveryGuarantee.valueOf(name.toUpperCase(Locale.ROOT)))
                        .toList();
        List<Duration> intervals = params.list("throughput.intervals", "1s,10s", "1s").stream()
                .map(text -> Duration.parse("PT" + text))
                .toList();
        List<String> references =
                params.list("throughput.references", "kafka-loop,flink-defaults", "kafka-loop,flink-defaults");
        int rounds = params.integer("throughput.rounds", 3, 1);
        int warmUp = params.integer("throughput.warmup", 300_000, 0);
        // Raw Flink options on top of the starters' (HOCON, e.g. "\"state.backend.rocksdb.block.cache-size\" = 256mb"):
        // to measure a tuning.
        String flinkConf = params.string("throughput.flink-conf", "", "");
        // Starter settings on top of the shipped ones (HOCON, e.g. "flink.checkpoint.state-backend.bloom-filter =
        // false").
        String starters = params.string("throughput.starters", "", "");
        String extraHocon = (flinkConf.isBlank() ? "" : "flink.conf { " + flinkConf + " }\n") + starters + "\n";

        List<Case> cases = cases(backends, guarantees, intervals, references);
        FilledTopic topic = stack.filledTopic(shape);
        if (warmUp > 0) {
            // Every case once on part of the topic before the first measured one: the cases measured first would
            // otherwise pay for class loading and JIT compilation of the code they share with the others (measured
            // here: with only the first warmed up, the first round's runs were 20-35 % slower than the second's).
            for (Case subject : cases) {
                Progress.say("throughput: warming up %s on %,d records (not measured)", describe(subject), warmUp);
                try (Workload workload = start(stack, topic, subject, "tp-warm-up-" + subject.id(), extraHocon)) {
                    Await.until(
                            warmUp + " records read",
                            workload::recordsRead,
                            count -> count >= Math.min(warmUp, topic.records()),
                            Duration.ofMinutes(5));
                }
            }
        }
        // Rounds, interleaved: a drift over the run (JIT, heap, the machine) spreads over every case instead of
        // favouring the ones measured last, and each ratio is taken within a round.
        List<Run> runs = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (Case subject : cases) {
                Progress.say(
                        "throughput %d/%d (round %d): %s",
                        runs.size() + 1, cases.size() * rounds, round + 1, describe(subject));
                String run = "tp-" + subject.id() + "-" + runs.size();
                Run measured;
                try (Workload workload = start(stack, topic, subject, run, extraHocon)) {
                    measured = measure(stack, topic, subject, round, workload);
                }
                runs.add(measured);
                Progress.say(
                        "  %,.0f events/s, %,.0f events per job CPU-s (job %.2f cores, broker+S3 %.2f, GC+JIT %.2f);"
                                + " %d commits in the window; output %s",
                        measured.eventsPerSecond(),
                        measured.eventsPerJobCpuSecond(),
                        measured.cpu().jobSeconds() / measured.cpu().wallSeconds(),
                        measured.cpu().servicesSeconds() / measured.cpu().wallSeconds(),
                        measured.cpu().vmSeconds() / measured.cpu().wallSeconds(),
                        measured.commitsInWindow(),
                        measured.output().describe());
                if (Boolean.getBoolean("bench.threads")) {
                    measured.cpu()
                            .topThreads()
                            .forEach(thread -> Progress.say(
                                    "    %-8s %6.2f s  %s", thread.kind(), thread.cpuNanos() / 1e9, thread.name()));
                }
            }
        }
        return new ThroughputResults(topic, rounds, cases, runs);
    }

    /** One round's cases, in the table's order: the references first, then each backend. */
    static List<Case> cases(
            List<Backend> backends,
            List<DeliveryGuarantee> guarantees,
            List<Duration> intervals,
            List<String> references) {
        for (String reference : references) {
            if (!List.of("kafka-loop", "flink-defaults").contains(reference)) {
                throw new IllegalArgumentException(
                        "bench.throughput.references: '" + reference + "' is not kafka-loop or flink-defaults");
            }
        }
        List<Case> cases = new ArrayList<>();
        if (references.contains("kafka-loop")) {
            cases.add(Case.kafkaLoop(Optional.empty()));
            intervals.forEach(interval -> cases.add(Case.kafkaLoop(Optional.of(interval))));
        }
        List<Backend> subjects = new ArrayList<>(backends);
        if (references.contains("flink-defaults") && backends.stream().anyMatch(Backend::isRocksDb)) {
            subjects.add(Backend.ROCKSDB_FLINK_DEFAULTS);
        }
        for (Backend backend : subjects) {
            cases.add(Case.job(RunConfig.noCheckpoints(backend)));
            for (DeliveryGuarantee guarantee : guarantees) {
                intervals.forEach(
                        interval -> cases.add(Case.job(RunConfig.checkpointed(guarantee, interval, backend))));
            }
        }
        return cases;
    }

    private static Workload start(BenchStack stack, FilledTopic topic, Case subject, String run, String extraHocon) {
        return subject.isKafkaLoop()
                ? KafkaLoop.start(stack, topic, subject.interval(), run)
                : FlinkWorkload.submit(stack, topic, subject.config(), run, extraHocon);
    }

    private static Run measure(BenchStack stack, FilledTopic topic, Case subject, int round, Workload workload) {
        Duration timeout = Duration.ofMinutes(10);
        long from = (long) (topic.records() * FROM);
        long to = (long) (topic.records() * TO);
        long startCount = Await.until(from + " records read", workload::recordsRead, count -> count >= from, timeout);
        CpuMeter.Snapshot start = stack.cpu().snapshot();
        long startCommits = workload.commits();
        long endCount = Await.until(to + " records read", workload::recordsRead, count -> count >= to, timeout);
        CpuMeter.Snapshot end = stack.cpu().snapshot();
        long commits = workload.commits() - startCommits;
        CpuMeter.Usage usage = CpuMeter.between(start, end);
        if (endCount - startCount < (to - from) / 2) {
            throw new IllegalStateException("The job read " + (topic.records() - startCount) + " of " + topic.records()
                    + " records in one burst: too few to measure a rate; raise bench.events");
        }
        Await.until(
                "all " + topic.records() + " records read",
                workload::recordsRead,
                count -> count >= topic.records(),
                timeout);
        OutputCheck.Outcome output = workload.awaitOutput(Duration.ofMinutes(2));
        return new Run(
                subject,
                round,
                endCount - startCount,
                (endCount - startCount) / usage.wallSeconds(),
                usage,
                commits,
                workload.failedCommits(),
                output);
    }

    private static String describe(Case subject) {
        return subject.subject() + ", " + subject.guaranteeLabel() + ", interval " + subject.intervalLabel();
    }
}
