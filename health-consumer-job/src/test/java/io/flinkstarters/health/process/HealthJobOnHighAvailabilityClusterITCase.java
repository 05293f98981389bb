package io.flinkstarters.health.process;

import io.flinkstarters.health.HealthConsumerContractITCase;
import io.flinkstarters.testkit.ContractCluster;
import io.flinkstarters.testkit.ContractFault;

/**
 * The health job on processes with ZooKeeper high availability (a ZooKeeper server in the test JVM, HA
 * storage on the testkit's object store): the JobManager process is killed with SIGKILL, a new one is
 * started, wins the leadership once the dead one's ZooKeeper session has expired, and recovers the job
 * from the HA stores by itself, exactly once. Only that fault runs here; the others run on
 * {@link HealthJobOnProcessClusterITCase}.
 */
@ContractCluster(ContractCluster.Kind.PROCESSES_WITH_HIGH_AVAILABILITY)
class HealthJobOnHighAvailabilityClusterITCase extends HealthConsumerContractITCase {

    @Override
    protected boolean runs(ContractFault fault) {
        return fault == ContractFault.JOB_MANAGER_LOSS;
    }
}
