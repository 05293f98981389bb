package io.flinkstarters.recovery;

import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** What {@code flink.recovery.high-availability.type} accepts: how a lost JobManager's jobs are recovered. */
@PublicEvolving
public enum HighAvailabilityType {
    /** No recovery: the jobs die with their JobManager and are redeployed ({@code restore.from = latest-retained}). */
    NONE,
    /** JobManagers elect their leader in ZooKeeper; a successor recovers the jobs from the storage directory. */
    ZOOKEEPER,
    /** The same with Kubernetes ConfigMaps instead of ZooKeeper (needs Flink's Kubernetes support on the cluster). */
    KUBERNETES;

    /** The value of Flink's {@code high-availability.type}. */
    public String flinkName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
