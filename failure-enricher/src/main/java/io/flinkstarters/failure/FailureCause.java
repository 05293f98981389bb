package io.flinkstarters.failure;

import java.util.Locale;
import org.apache.flink.annotation.Experimental;

/**
 * What a job failure was caused by, as {@link StartersFailureEnricher} labels it. Each has a runbook
 * entry in docs/MONITORING.md ("Failure causes"), under its {@link #label()}.
 */
@Experimental
public enum FailureCause {
    /** Another producer with the same transactional id took over: two jobs (or sinks) share a prefix. */
    KAFKA_PRODUCER_FENCED,
    /** A Kafka transaction was aborted or timed out on the broker before the sink committed it. */
    KAFKA_TRANSACTION_ABORTED,
    /** A Kafka broker did not answer in time (down, unreachable, or no leader for a partition). */
    KAFKA_UNREACHABLE,
    /** S3 refused requests with 503 SlowDown: the request rate is above what the bucket allows. */
    S3_THROTTLED,
    /** The S3 store could not be reached or failed the request (checkpoint storage or a file sink). */
    S3_UNAVAILABLE,
    /** Checkpoints took longer than the checkpoint timeout, more often than tolerated. */
    CHECKPOINT_EXPIRED,
    /** Checkpoints failed for another reason (declined by a task, failed to write), more often than tolerated. */
    CHECKPOINT_DECLINED,
    /** A record could not be deserialized: a poison record, or a producer writing another format. */
    DESERIALIZATION,
    /** A TaskManager was lost (killed, out of memory, a frozen host or a network partition). */
    TASK_MANAGER_LOST,
    /** The job's own code threw. */
    USER_CODE,
    /** None of the above: Flink itself, or a system these rules do not know. */
    OTHER;

    /** The label value in the exception history and the metric: {@code kafka_producer_fenced}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
