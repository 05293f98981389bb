package io.flinkstarters.health.process;

import io.flinkstarters.health.HealthConsumerContractITCase;
import io.flinkstarters.testkit.ContractCluster;
import io.flinkstarters.testkit.ContractFault;

/**
 * The health job's contract on real processes: its shaded jar, submitted with {@code flink run --config
 * <application.conf>} (the job's own production configuration with the test's wiring and overrides), on a
 * standalone cluster of one JobManager and two TaskManager processes started with the job's own
 * cluster-level settings, checkpointing to {@code s3://} on the testkit's object store. Every fault of
 * the contract that needs no fault point inside the job: TaskManagers and the JobManager die by
 * {@code kill -9}, and without high availability the job is redeployed from its latest retained
 * checkpoint (with ZooKeeper high availability: {@link HealthJobOnHighAvailabilityClusterITCase}).
 */
// tag::processes[]
@ContractCluster(ContractCluster.Kind.PROCESSES)
class HealthJobOnProcessClusterITCase extends HealthConsumerContractITCase {

    /** The storage blackhole runs on the MiniCluster only: here it cost 40 s of CI time (docs/TESTKIT.md). */
    @Override
    protected boolean runs(ContractFault fault) {
        return fault != ContractFault.CHECKPOINT_STORAGE_BLACKHOLE;
    }
}
// end::processes[]
