package io.flinkstarters.testkit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.testkit.ContractRun;
import io.flinkstarters.testkit.ExactlyOnceVerifier.Verdict;
import io.flinkstarters.testkit.OperatorFailure;
import io.flinkstarters.testkit.Testkit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The faults the contract does not run (a Kafka broker restart) and the negative control that shows
 * the exactly-once check can fail: the same pipeline with an at-least-once sink, under the same
 * operator failure, is rejected with its duplicates named.
 */
class SampleFaultsITCase {

    // tag::testkit[]
    @RegisterExtension
    static final Testkit TESTKIT = Testkit.builder()
            .taskManagers(2)
            .slotsPerTaskManager(2)
            .kafka()
            .objectStore("faults")
            .build();
    // end::testkit[]

    @AfterEach
    void cancelLeftoverJobs() {
        TESTKIT.cluster().cancelRunningJobs();
    }

    @Test
    void kafkaBrokerRestartMidStream() {
        ContractRun<String> run = new ContractRun<>(
                TESTKIT, new SampleJob(DeliveryGuarantee.EXACTLY_ONCE), "broker-restart", OperatorFailure.none());
        JobID job = run.start();

        TESTKIT.kafka().restart();
        run.produceSecondPhase();

        run.verify(job);
    }

    @Test
    void atLeastOnceSinkIsRejectedUnderTheSameFailure() {
        // tag::negative-control[]
        OperatorFailure failure = OperatorFailure.afterRecords(50).afterCheckpoint(1);
        ContractRun<String> run =
                new ContractRun<>(TESTKIT, new SampleJob(DeliveryGuarantee.AT_LEAST_ONCE), "at-least-once", failure);
        JobID job = run.start();
        run.produceSecondPhase();
        run.cluster().awaitRestarts(job, 1);

        Verdict<String> verdict = run.verdict(job);

        assertThat(failure.injected()).isEqualTo(1);
        assertThat(verdict.isExactlyOnce()).as(verdict.describe()).isFalse();
        assertThat(verdict.duplicated())
                .as("records replayed since the checkpoint")
                .isNotEmpty();
        assertThat(verdict.missing()).isEmpty();
        assertThat(verdict.describe()).startsWith("not exactly once").contains("duplicated");
        // end::negative-control[]
    }
}
