package io.flinkstarters.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.benchmarks.checkpoints.CheckpointBenchmark;
import io.flinkstarters.benchmarks.decode.DecodeRunner;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.recovery.Recovery;
import io.flinkstarters.benchmarks.recovery.RecoveryBenchmark;
import io.flinkstarters.benchmarks.throughput.ThroughputBenchmark;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' smoke mode, run by CI: every harness with tiny parameters on the real parts, checked
 * for sane, complete results, never for speed (the machine is shared). Nothing is written to
 * docs/BENCHMARKS.md.
 */
class BenchmarksSmokeITCase {

    private static final BenchParams SMOKE = BenchParams.smoke(Map.of());
    private static BenchStack stack;

    @BeforeAll
    static void startStack() {
        stack = BenchStack.start();
    }

    @AfterAll
    static void stopStack() throws Exception {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void throughputMeasuresEveryConfigurationAndEachCommitsExactlyTheExpectedOutput() {
        ThroughputBenchmark.Results results = new ThroughputBenchmark().run(stack, SMOKE);

        assertThat(results.runs()).hasSize(3); // no checkpoints, at-least-once, exactly-once; one backend, one interval
        for (ThroughputBenchmark.Run run : results.runs()) {
            assertThat(run.eventsPerSecond()).as(run.config().id()).isPositive().isFinite();
            assertThat(run.eventsPerFlinkCpuSecond())
                    .as(run.config().id())
                    .isPositive()
                    .isFinite();
            assertThat(run.cpu().flinkSeconds())
                    .as("Flink's CPU is told from the services'")
                    .isPositive()
                    .isLessThan(run.cpu().processSeconds());
            assertThat(run.output().exact())
                    .as(run.config().id() + ": " + run.output().describe())
                    .isTrue();
        }
        assertThat(results.markdown()).contains("| exactly-once | 1 s | hashmap |");
    }

    @Test
    void recoveryPhasesAreOrderedAndAddUpToTheTotal() throws Exception {
        RecoveryBenchmark.Results results = new RecoveryBenchmark().run(stack, SMOKE);

        // The process-kill row is not smoked: a process cluster, a flink run and a replacement TaskManager take about a
        // minute.
        assertThat(results.faults())
                .extracting(RecoveryBenchmark.FaultResults::fault)
                .containsExactly("operator exception", "TaskManager loss (MiniCluster)");
        for (RecoveryBenchmark.FaultResults fault : results.faults()) {
            assertThat(fault.recoveries()).as(fault.fault()).hasSize(1);
            for (Recovery recovery : fault.recoveries()) {
                assertThat(recovery.detectionMillis())
                        .as(fault.fault() + " detection")
                        .isNotNegative();
                assertThat(recovery.restartMillis())
                        .as(fault.fault() + " restart")
                        .isPositive();
                assertThat(recovery.catchUpMillis())
                        .as(fault.fault() + " catch-up")
                        .isNotNegative();
                assertThat(recovery.detectionMillis() + recovery.restartMillis() + recovery.catchUpMillis())
                        .isEqualTo(recovery.totalMillis());
            }
        }
        assertThat(results.markdown()).doesNotContain("not yet measured");
    }

    @Test
    void checkpointsAreRecordedWhileTheStateGrowsAndAtSteadyState() throws Exception {
        CheckpointBenchmark.Results results = new CheckpointBenchmark().run(stack, SMOKE);

        assertThat(results.runs()).hasSize(2);
        for (CheckpointBenchmark.BackendRun run : results.runs()) {
            assertThat(run.growth()).as(run.backend().label()).isNotEmpty();
            assertThat(run.steady()).as(run.backend().label()).hasSize(2);
            assertThat(run.growth().get(run.growth().size() - 1).stateSize())
                    .as(run.backend().label())
                    .isPositive();
            assertThat(run.steady())
                    .allSatisfy(checkpoint -> assertThat(checkpoint.checkpointedSize())
                            .isPositive()
                            .isLessThanOrEqualTo(checkpoint.stateSize()));
        }
    }

    @Test
    void decodeRunsEveryPathUnderJmh() throws Exception {
        DecodeRunner.Results results = new DecodeRunner().run(null, SMOKE);

        assertThat(results.nanosPerRecord())
                .containsOnlyKeys(
                        "jobDecoder",
                        "avroGuardedReader",
                        "specificReader",
                        "specificReaderReusingRecord",
                        "handWrittenLoop");
        results.nanosPerRecord()
                .values()
                .forEach(score -> assertThat(score[0]).isPositive().isFinite());
    }
}
