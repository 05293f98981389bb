package io.flinkstarters.testkit.sample;

import io.flinkstarters.testkit.ContractCase;
import io.flinkstarters.testkit.ContractFault;
import io.flinkstarters.testkit.KafkaBroker;
import io.flinkstarters.testkit.OperatorFailure;
import org.apache.flink.api.common.JobID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A fault of one's own added to the contract (see docs/TESTKIT.md, "A fault of your own"): two faults at
 * once. The contract's own faults run in {@link SamplePipelineContractITCase}.
 */
// tag::own-fault[]
class SamplePipelineOwnFaultITCase extends SamplePipelineContractITCase {

    @Override
    protected boolean runs(ContractFault fault) {
        return false;
    }

    @Nested
    @DisplayName("a TaskManager is lost while the broker is down")
    class TaskManagerLossDuringABrokerOutage {

        @ParameterizedTest(name = "{0}")
        @MethodSource("io.flinkstarters.testkit.ContractCase#matrix")
        void theJobRecoversOnceBothAreBack(ContractCase cell) {
            strike("a TaskManager is lost while the broker is down", cell, OperatorFailure.none(), run -> {
                JobID job = run.start();
                run.approachStrike(job); // the seeded moment: part of the input in flight, a point in the cycle
                KafkaBroker kafka = TESTKIT.kafka();
                kafka.stop();
                run.cluster()
                        .replaceTaskManager(
                                cell.timing().taskManager(run.cluster().liveTaskManagers()));
                kafka.resume();
                run.produceRestOfPhase();
                run.cluster().awaitRestarts(job, 1); // the proof that the fault hit the job
                run.verify(job); // exactly once, and no transaction left open
            });
        }
    }
}
// end::own-fault[]
