package io.flinkstarters.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Where an {@link ExactlyOnceContract} subclass runs its job: by default (without this annotation) a
 * MiniCluster in the test JVM, built from {@link ContractJob#buildJob}; on real JobManager and TaskManager
 * processes, the job's {@link ContractJob#jar() shaded jar} submitted with {@code flink run}.
 *
 * <pre>{@code
 * @ContractCluster(ContractCluster.Kind.PROCESSES)
 * class MyJobOnProcessesITCase extends MyJobContractITCase {}
 * }</pre>
 */
@PublicEvolving
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ContractCluster {

    Kind value();

    /** The kinds of cluster the contract runs on. */
    enum Kind {
        /** A MiniCluster in the test JVM (the default). Its JobManager loss takes JobMaster leadership away. */
        MINI_CLUSTER,
        /** A JobManager and two TaskManager processes, without high availability. */
        PROCESSES,
        /**
         * Processes with ZooKeeper high availability: a ZooKeeper server in the test JVM, HA storage on the
         * testkit's object store; a JobManager that is killed is replaced and recovers its jobs by itself.
         */
        PROCESSES_WITH_HIGH_AVAILABILITY
    }
}
