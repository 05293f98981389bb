package io.flinkstarters.failure.internal;

import io.flinkstarters.failure.FailureCause;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.failure.FailureEnricher.Context.FailureType;
import org.apache.flink.util.SerializedThrowable;

/**
 * Finds the {@link FailureCause} of a failure from its cause chain, by class names, messages and stack
 * frames: the JobManager sees Kafka, S3 and checkpoint exceptions from a plugin class loader that does
 * not know their classes, and often only as {@link SerializedThrowable}s that keep the original class
 * name. The most specific cause anywhere in the chain wins (a fenced producer inside a checkpoint
 * failure is a fenced producer).
 */
@Internal
public final class FailureClassifier {

    /**
     * A Kafka 4 broker (transactions v2) reports a producer fenced by another one's initTransactions as
     * InvalidProducerEpochException ("attempted to produce with an old epoch"), older brokers as
     * ProducerFencedException: both seen against real brokers in FailureCausesITCase.
     */
    private static final Set<String> KAFKA_PRODUCER_FENCED =
            Set.of("ProducerFencedException", "InvalidProducerEpochException", "FencedInstanceIdException");
    /** A transaction the broker timed out fails its commit with InvalidTxnStateException (Kafka 4.2, seen). */
    private static final Set<String> KAFKA_TRANSACTION_ABORTED = Set.of(
            "InvalidTxnStateException",
            "TransactionAbortedException",
            "TransactionAbortableException",
            "InvalidPidMappingException");

    private static final Set<String> KAFKA_UNREACHABLE = Set.of(
            "TimeoutException",
            "NetworkException",
            "DisconnectException",
            "BrokerNotAvailableException",
            "LeaderNotAvailableException",
            "NotLeaderOrFollowerException");
    private static final List<String> S3_PACKAGES =
            List.of("com.amazonaws.", "software.amazon.awssdk.", "org.apache.hadoop.fs.s3a.");
    private static final List<String> PLATFORM_PACKAGES = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.");

    private FailureClassifier() {}

    public static FailureCause classify(Throwable failure, FailureType type) {
        List<Link> chain = chain(failure);
        if (any(chain, link -> link.kafka() && KAFKA_PRODUCER_FENCED.contains(link.simpleName()))) {
            return FailureCause.KAFKA_PRODUCER_FENCED;
        }
        if (any(
                chain,
                link -> link.kafka() && KAFKA_TRANSACTION_ABORTED.contains(link.simpleName())
                        || link.kafka()
                                && link.says("transaction")
                                && (link.says("timed out") || link.says("abort")))) {
            return FailureCause.KAFKA_TRANSACTION_ABORTED;
        }
        if (any(
                chain,
                link -> link.says("failed to deserialize") || link.simpleName().contains("Deserializ"))) {
            return FailureCause.DESERIALIZATION;
        }
        if (any(chain, link -> link.kafka() && KAFKA_UNREACHABLE.contains(link.simpleName()))) {
            return FailureCause.KAFKA_UNREACHABLE;
        }
        if (any(
                chain,
                link -> link.s3()
                        && (link.says("slowdown")
                                || link.says("slow down")
                                || link.says("reduce your request rate")))) {
            return FailureCause.S3_THROTTLED;
        }
        if (any(chain, Link::s3)) {
            return FailureCause.S3_UNAVAILABLE;
        }
        if (any(chain, link -> link.says("checkpoint expired before completing"))) {
            return FailureCause.CHECKPOINT_EXPIRED;
        }
        if (any(
                chain,
                link -> link.named("CheckpointException")
                        || link.says("exceeded checkpoint tolerable failure threshold"))) {
            return FailureCause.CHECKPOINT_DECLINED;
        }
        if (type == FailureType.TASK_MANAGER
                || any(
                        chain,
                        link -> link.says("heartbeat of taskmanager")
                                || link.says("is no longer reachable")
                                || link.says("connection unexpectedly closed by remote task manager")
                                || link.named("TaskManagerException")
                                || link.named("RemoteTransportException"))) {
            return FailureCause.TASK_MANAGER_LOST;
        }
        return thrownByUserCode(chain.get(chain.size() - 1)) ? FailureCause.USER_CODE : FailureCause.OTHER;
    }

    /**
     * Whether the first frame outside the JDK belongs to neither Flink nor the systems classified
     * above: an exception the job's code threw, or a JDK method it called threw.
     */
    private static boolean thrownByUserCode(Link root) {
        for (StackTraceElement frame : root.frames()) {
            String type = frame.getClassName();
            if (PLATFORM_PACKAGES.stream().anyMatch(type::startsWith)) {
                continue;
            }
            return !type.startsWith("org.apache.flink.")
                    && !type.startsWith("org.apache.kafka.")
                    && S3_PACKAGES.stream().noneMatch(type::startsWith);
        }
        return false;
    }

    private static boolean any(List<Link> chain, Predicate<Link> test) {
        return chain.stream().anyMatch(test);
    }

    /** The failure and its causes, outermost first; a cause that repeats ends the walk. */
    private static List<Link> chain(Throwable failure) {
        List<Link> chain = new ArrayList<>();
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        for (Throwable current = failure; current != null && seen.put(current, true) == null; ) {
            chain.add(new Link(current));
            current = current.getCause();
        }
        return chain;
    }

    /** One throwable of the chain, by its original class name (a serialized one keeps it). */
    private record Link(String name, String message, StackTraceElement[] frames) {

        Link(Throwable throwable) {
            this(
                    throwable instanceof SerializedThrowable serialized
                            ? serialized.getOriginalErrorClassName()
                            : throwable.getClass().getName(),
                    String.valueOf(throwable.getMessage()).toLowerCase(Locale.ROOT),
                    throwable.getStackTrace());
        }

        String simpleName() {
            return name.substring(name.lastIndexOf('.') + 1);
        }

        boolean named(String simple) {
            return simpleName().equals(simple);
        }

        boolean kafka() {
            return name.startsWith("org.apache.kafka.");
        }

        /** An S3 client's exception, or any exception thrown from inside one. */
        boolean s3() {
            if (S3_PACKAGES.stream().anyMatch(name::startsWith)) {
                return true;
            }
            for (StackTraceElement frame : frames) {
                if (S3_PACKAGES.stream().anyMatch(frame.getClassName()::startsWith)) {
                    return true;
                }
            }
            return false;
        }

        boolean says(String text) {
            return message.contains(text);
        }
    }
}
