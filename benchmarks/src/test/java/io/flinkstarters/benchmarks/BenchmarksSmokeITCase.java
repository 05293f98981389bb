package io.flinkstarters.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.benchmarks.checkpoints.CheckpointBenchmark;
import io.flinkstarters.benchmarks.decode.DecodeRunner;
import io.flinkstarters.benchmarks.harness.BenchStack;
import io.flinkstarters.benchmarks.harness.RunConfig;
import io.flinkstarters.benchmarks.harness.RunConfig.Backend;
import io.flinkstarters.benchmarks.recovery.Recovery;
import io.flinkstarters.benchmarks.recovery.RecoveryBenchmark;
import io.flinkstarters.benchmarks.throughput.Case;
import io.flinkstarters.benchmarks.throughput.ThroughputBenchmark;
import io.flinkstarters.benchmarks.throughput.ThroughputResults;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.connector.base.DeliveryGuarantee;
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
    void throughputMeasuresEveryCaseAndBothReferencesAndComputesTheRatiosToThem() {
        ThroughputResults results = new ThroughputBenchmark().run(stack, SMOKE);

        Case loop = Case.kafkaLoop(Optional.empty());
        Case transactionalLoop = Case.kafkaLoop(Optional.of(Duration.ofSeconds(1)));
        Case exactlyOnce = Case.job(RunConfig.checkpointed(
                DeliveryGuarantee.EXACTLY_ONCE, Duration.ofSeconds(1), Backend.ROCKSDB_INCREMENTAL));
        Case flinkDefaults = exactlyOnce.flinkDefaultsReference().orElseThrow();
        assertThat(results.cases())
                .containsExactly(
                        loop,
                        transactionalLoop,
                        exactlyOnce.withoutCheckpoints(),
                        exactlyOnce,
                        flinkDefaults.withoutCheckpoints(),
                        flinkDefaults);
        assertThat(results.runs()).hasSameSizeAs(results.cases());
        for (ThroughputBenchmark.Run run : results.runs()) {
            String id = run.subject().id();
            assertThat(run.eventsPerSecond()).as(id).isPositive().isFinite();
            assertThat(run.eventsPerJobCpuSecond()).as(id).isPositive().isFinite();
            assertThat(run.cpu().jobSeconds())
                    .as(id + ": the job's (or loop's) CPU is told from the services'")
                    .isPositive()
                    .isLessThan(run.cpu().processSeconds());
            assertThat(run.output().exact())
                    .as(id + ": " + run.output().describe())
                    .isTrue();
        }
        for (Case reference : List.of(transactionalLoop, flinkDefaults, exactlyOnce.withoutCheckpoints())) {
            assertThat(results.ratio(exactlyOnce, reference, ThroughputBenchmark.Run::eventsPerJobCpuSecond))
                    .as("exactly-once vs " + reference.id())
                    .hasValueSatisfying(
                            ratio -> assertThat(ratio.median()).isPositive().isFinite());
        }
        assertThat(results.markdown())
                .contains("| Kafka clients only (reference) | a transaction per interval | 1 s |")
                .contains("| RocksDB incremental | exactly-once | 1 s |")
                .contains("| RocksDB, Flink's defaults | exactly-once | 1 s |")
                .contains("RocksDB incremental, exactly-once 1 s vs no checkpoints, events/s");
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
