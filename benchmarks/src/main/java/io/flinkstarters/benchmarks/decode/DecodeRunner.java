package io.flinkstarters.benchmarks.decode;

import io.flinkstarters.benchmarks.BenchParams;
import io.flinkstarters.benchmarks.Benchmark;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.report.Numbers;
import io.flinkstarters.benchmarks.report.Progress;
import io.flinkstarters.benchmarks.report.Table;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/** Runs {@link DecodeBenchmark} with JMH and tabulates it against the hand-written ceiling. */
public final class DecodeRunner implements Benchmark<DecodeRunner.Results> {

    /** Nanoseconds per decoded record, by JMH method name, with the error JMH reports. */
    public record Results(Map<String, double[]> nanosPerRecord, String setup) implements Benchmark.Result {

        public double ratioToCeiling(String method) {
            return nanosPerRecord.get("handWrittenLoop")[0] / nanosPerRecord.get(method)[0];
        }

        @Override
        public String markdown() {
            Table table = new Table("path", "ns per record", "records/s per core", "vs hand-written loop");
            nanosPerRecord.forEach((method, score) -> table.row(
                    "`" + method + "`",
                    Numbers.count(score[0]) + (Double.isNaN(score[1]) ? "" : " ± " + Numbers.count(score[1])),
                    Numbers.count(1e9 / score[0]),
                    Numbers.ratio(ratioToCeiling(method))));
            return setup + "\n\n" + table.toMarkdown();
        }
    }

    @Override
    public String name() {
        return "decode";
    }

    @Override
    public boolean needsStack() {
        return false;
    }

    @Override
    public Results run(BenchStack stack, BenchParams params) throws Exception {
        int forks = params.integer("decode.forks", 1, 0);
        int warmups = params.integer("decode.warmups", 3, 1);
        int iterations = params.integer("decode.iterations", 5, 1);
        int millis = params.integer("decode.iteration-ms", 1000, 100);
        Options options = new OptionsBuilder()
                .include(DecodeBenchmark.class.getName() + ".")
                .forks(forks)
                .warmupIterations(warmups)
                .warmupTime(TimeValue.milliseconds(millis))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.milliseconds(millis))
                .shouldFailOnError(true)
                .verbosity(params.isSmoke() ? VerboseMode.SILENT : VerboseMode.NORMAL)
                .build();
        Progress.say(
                "decode: JMH, %d fork(s), %d x %d ms warm-up, %d x %d ms measured",
                forks, warmups, millis, iterations, millis);
        Collection<RunResult> results = new Runner(options).run();
        Map<String, double[]> scores = new LinkedHashMap<>();
        List<RunResult> sorted = new ArrayList<>(results);
        sorted.sort((a, b) -> Double.compare(
                b.getPrimaryResult().getScore(), a.getPrimaryResult().getScore()));
        for (RunResult result : sorted) {
            String method = result.getParams()
                    .getBenchmark()
                    .substring(result.getParams().getBenchmark().lastIndexOf('.') + 1);
            scores.put(method, new double[] {
                result.getPrimaryResult().getScore(), result.getPrimaryResult().getScoreError()
            });
        }
        String setup =
                "JMH 1.37, average time per record over 1,024 realistic events, " + forks + " fork(s), " + warmups
                        + " x " + millis + " ms warm-up, " + iterations + " x " + millis + " ms measured, one thread.";
        return new Results(scores, setup);
    }
}
