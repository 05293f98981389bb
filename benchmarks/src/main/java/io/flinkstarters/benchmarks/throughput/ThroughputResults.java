package io.flinkstarters.benchmarks.throughput;

import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.FilledTopic;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import io.flinkstarters.benchmarks.report.Numbers;
import io.flinkstarters.benchmarks.report.Table;
import io.flinkstarters.benchmarks.throughput.ThroughputBenchmark.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * What the throughput benchmark found, as ratios to the references measured in the same run (the published
 * figures: they hold from machine to machine far better than absolute ones), the targets they are held to, and
 * this run's absolute figures (for this machine only).
 *
 * @param cases one round's cases, in the table's order
 */
public record ThroughputResults(FilledTopic topic, int rounds, List<Case> cases, List<Run> runs)
        implements Benchmark.Result {

    /** Marks a ratio that does not count: a run on either side had fewer than 2 commits in its window. */
    private static final String DOES_NOT_COUNT = " *";

    /**
     * One figure of a case divided by the same figure of its reference, round by round (both measured in the same
     * round, minutes apart).
     *
     * @param counts whether every run on both sides had at least two commits in its window (or needs none)
     */
    public record Ratio(List<Double> byRound, boolean counts) {

        public double median() {
            return Numbers.median(byRound);
        }

        /** {@code 0.62 (0.58–0.66)}: the median over the rounds and their range; marked when it does not count. */
        String describe() {
            String range = byRound.size() < 2
                    ? ""
                    : " (" + Numbers.ratio(Numbers.min(byRound)) + "–" + Numbers.ratio(Numbers.max(byRound)) + ")";
            return Numbers.ratio(median()) + range + (counts ? "" : DOES_NOT_COUNT);
        }
    }

    /** A target the issue sets for a ratio; reported, never asserted. */
    record Target(String what, Optional<Ratio> ratio, double atLeast) {
        String verdict() {
            if (ratio.isEmpty()) {
                return "not measured in this run";
            }
            if (!ratio.get().counts()) {
                return "does not count (fewer than 2 checkpoints in a window)";
            }
            return ratio.get().median() >= atLeast ? "**met**" : "**missed**";
        }
    }

    /** The runs of one case, by round. */
    public List<Run> runsOf(Case subject) {
        return runs.stream()
                .filter(run -> run.subject().equals(subject))
                .sorted(Comparator.comparingInt(Run::round))
                .toList();
    }

    /** Empty if the reference was not measured. */
    public Optional<Ratio> ratio(Case subject, Case reference, ToDoubleFunction<Run> figure) {
        List<Run> measured = runsOf(subject);
        List<Run> references = runsOf(reference);
        if (measured.isEmpty() || references.size() != measured.size()) {
            return Optional.empty();
        }
        List<Double> byRound = new ArrayList<>();
        for (int round = 0; round < measured.size(); round++) {
            byRound.add(figure.applyAsDouble(measured.get(round)) / figure.applyAsDouble(references.get(round)));
        }
        boolean counts =
                measured.stream().allMatch(Run::counts) && references.stream().allMatch(Run::counts);
        return Optional.of(new Ratio(byRound, counts));
    }

    /** The targets, for the cases this run measured. */
    List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        Case rocksDb10 = exactlyOnce(Backend.ROCKSDB_INCREMENTAL, Duration.ofSeconds(10));
        Case hashmap10 = exactlyOnce(Backend.HASHMAP, Duration.ofSeconds(10));
        targets.add(new Target(
                "RocksDB as shipped, exactly-once 10 s, events per job CPU-s vs the transactional Kafka loop",
                ratio(rocksDb10, rocksDb10.kafkaLoopReference(), Run::eventsPerJobCpuSecond),
                0.5));
        targets.add(new Target(
                "hashmap, exactly-once 10 s, events per job CPU-s vs the transactional Kafka loop",
                ratio(hashmap10, hashmap10.kafkaLoopReference(), Run::eventsPerJobCpuSecond),
                0.8));
        targets.add(new Target(
                "RocksDB, exactly-once 10 s, events per job CPU-s: the starters' tuning vs Flink's defaults",
                rocksDb10
                        .flinkDefaultsReference()
                        .flatMap(reference -> ratio(rocksDb10, reference, Run::eventsPerJobCpuSecond)),
                1.5));
        for (Backend backend : List.of(Backend.ROCKSDB_INCREMENTAL, Backend.HASHMAP)) {
            for (Duration interval : List.of(Duration.ofSeconds(10), Duration.ofSeconds(1))) {
                Case subject = exactlyOnce(backend, interval);
                targets.add(new Target(
                        backend.label() + ", exactly-once " + subject.intervalLabel() + " vs no checkpoints, events/s",
                        ratio(subject, subject.withoutCheckpoints(), Run::eventsPerSecond),
                        interval.getSeconds() >= 10 ? 0.95 : 0.90));
            }
        }
        return targets;
    }

    private static Case exactlyOnce(Backend backend, Duration interval) {
        return new Case(Optional.of(backend), DeliveryGuarantee.EXACTLY_ONCE, Optional.of(interval));
    }

    @Override
    public String markdown() {
        return "Input: topic of " + Numbers.count(topic.records()) + " records ("
                + Numbers.count(topic.duplicates()) + " retries, "
                + Numbers.count(topic.expectedDeadLetters()) + " bad records, of which "
                + Numbers.count(topic.undecodable()) + " undecodable); every job run must commit "
                + Numbers.count(topic.expectedAggregates()) + " aggregates and "
                + Numbers.count(topic.expectedDeadLetters()) + " dead letters, every Kafka loop run forward all "
                + Numbers.count(topic.records()) + " records. " + rounds
                + " round(s), each running every case once in the order of the table; a ratio is taken within each"
                + " round (medians over the rounds, their range in parentheses).\n\n"
                + ratios().toMarkdown()
                + "\n" + DOES_NOT_COUNT.strip()
                + " fewer than 2 checkpoints (transactions) completed inside the measured window of this row or of its"
                + " reference in some round: shown, but it does not count.\n\n"
                + "Targets (reported, not asserted):\n\n"
                + targetTable().toMarkdown()
                + "\nThis run's absolute figures (this machine, this load; they do not transfer, the ratios above do):\n\n"
                + absolutes().toMarkdown();
    }

    private Table ratios() {
        Table table = new Table(
                "subject",
                "guarantee",
                "interval",
                "per job CPU-s vs Kafka loop",
                "events/s vs Kafka loop",
                "vs no checkpoints, events/s",
                "vs no checkpoints, per job CPU-s",
                "vs Flink's defaults, per job CPU-s",
                "checkpoints (transactions) in the window, by round",
                "output");
        for (Case subject : cases) {
            Case loop = subject.kafkaLoopReference();
            Case unchecked = subject.withoutCheckpoints();
            table.row(
                    subject.subject(),
                    subject.guaranteeLabel(),
                    subject.intervalLabel(),
                    cell(subject, loop, Run::eventsPerJobCpuSecond),
                    cell(subject, loop, Run::eventsPerSecond),
                    cell(subject, unchecked, Run::eventsPerSecond),
                    cell(subject, unchecked, Run::eventsPerJobCpuSecond),
                    subject.backend()
                                    .filter(backend -> !backend.startersTuning())
                                    .isPresent()
                            ? "reference"
                            : subject.flinkDefaultsReference()
                                    .map(reference -> cell(subject, reference, Run::eventsPerJobCpuSecond))
                                    .orElse("-"),
                    subject.interval().isEmpty()
                            ? "-"
                            : runsOf(subject).stream()
                                    .map(run -> run.commitsInWindow()
                                            + (run.failedCommits() > 0 ? " (" + run.failedCommits() + " failed)" : ""))
                                    .collect(Collectors.joining(" / ")),
                    runsOf(subject).stream()
                            .map(run -> run.output().describe())
                            .distinct()
                            .collect(Collectors.joining(", ")));
        }
        return table;
    }

    private String cell(Case subject, Case reference, ToDoubleFunction<Run> figure) {
        if (subject.equals(reference)) {
            return "reference";
        }
        return ratio(subject, reference, figure).map(Ratio::describe).orElse("-");
    }

    private Table targetTable() {
        Table table = new Table("target", "at least", "measured", "verdict");
        for (Target target : targets()) {
            table.row(
                    target.what(),
                    Numbers.ratio(target.atLeast()),
                    target.ratio().map(Ratio::describe).orElse("-"),
                    target.verdict());
        }
        return table;
    }

    private Table absolutes() {
        Table table = new Table(
                "subject",
                "guarantee",
                "interval",
                "events/s",
                "events/s by round",
                "events per job CPU-s",
                "job CPU (cores)",
                "broker+S3 CPU (cores)",
                "GC+JIT (cores)");
        for (Case subject : cases) {
            List<Run> measured = runsOf(subject);
            table.row(
                    subject.subject(),
                    subject.guaranteeLabel(),
                    subject.intervalLabel(),
                    Numbers.count(median(measured, Run::eventsPerSecond)),
                    measured.stream()
                            .map(run -> Numbers.count(run.eventsPerSecond()))
                            .collect(Collectors.joining(" / ")),
                    Numbers.count(median(measured, Run::eventsPerJobCpuSecond)),
                    Numbers.ratio(median(
                            measured, run -> run.cpu().jobSeconds() / run.cpu().wallSeconds())),
                    Numbers.ratio(median(
                            measured,
                            run -> run.cpu().servicesSeconds() / run.cpu().wallSeconds())),
                    Numbers.ratio(median(
                            measured, run -> run.cpu().vmSeconds() / run.cpu().wallSeconds())));
        }
        return table;
    }

    private static double median(List<Run> measured, ToDoubleFunction<Run> figure) {
        return Numbers.median(measured.stream().map(figure::applyAsDouble).toList());
    }
}
