package io.flinkstarters.testkit;

import org.apache.flink.annotation.PublicEvolving;

/**
 * The faults of the {@link ExactlyOnceContract}, one {@code @Nested} group each; a subclass opts out of
 * one with {@link ExactlyOnceContract#runs(ContractFault)} (the group is then skipped, saying so).
 */
@PublicEvolving
public enum ContractFault {
    OPERATOR_EXCEPTION("an exception in an operator"),
    TASK_MANAGER_LOSS("a TaskManager is lost"),
    CHECKPOINT_STORAGE_OUTAGE("the checkpoint storage is down"),
    KAFKA_BROKER_RESTART("the Kafka broker restarts"),
    JOB_MANAGER_LOSS("the JobManager is lost"),
    CANCEL_AND_RESTORE("cancel, then redeploy from the latest retained checkpoint"),
    UPGRADE_FROM_SAVEPOINT("stop with a savepoint, then start the upgraded job from it"),
    RESCALE("rescale from a retained checkpoint, 2 to 4 to 1"),
    POISON_RECORD("a record the job cannot process"),
    KAFKA_BLACKHOLE("Kafka does not answer for longer than the clients' request timeout"),
    KAFKA_CONNECTION_RESET("the connections to Kafka are reset"),
    CHECKPOINT_STORAGE_BLACKHOLE("the checkpoint storage does not answer");

    private final String description;

    ContractFault(String description) {
        this.description = description;
    }

    /** What happens, as the test report's group names it. */
    public String description() {
        return description;
    }
}
