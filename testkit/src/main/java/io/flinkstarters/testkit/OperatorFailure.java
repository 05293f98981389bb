package io.flinkstarters.testkit;

import java.io.Serializable;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.annotation.PublicEvolving;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * Fault 1: an exception thrown inside a job's own pipeline, deterministically.
 *
 * <pre>{@code
 * OperatorFailure failure = OperatorFailure.afterRecords(500).onAttempt(0).afterCheckpoint(2);
 * DataStream<Event> withFault = failure.applyTo(events);   // identity map that throws once
 * ...
 * assertThat(failure.injected()).isEqualTo(1);
 * }</pre>
 *
 * The exception fires on execution attempt {@code attempt} in the first subtask that passes
 * {@code records} records (or only in subtask {@code subtask} when one is chosen with
 * {@link #onSubtask(int)}), once per plan: subtasks share this JVM with the MiniCluster, so the
 * plan's counter is the latch. Counting in whichever subtask gets data keeps the failure independent
 * of how the input happens to be partitioned. When {@code afterCheckpoint} is above zero, the
 * records are counted from the moment that checkpoint has completed, so the restart really restores
 * state and the records processed since that checkpoint are really replayed: exactly what an
 * at-least-once sink duplicates and an exactly-once sink must not. Later attempts pass records
 * through, so the job recovers. The count of injected failures is kept in this JVM (the
 * MiniCluster's), so a test can prove that the fault really happened.
 */
@PublicEvolving
public record OperatorFailure(String id, long records, int attempt, long afterCheckpoint, int subtask)
        implements Serializable {

    private static final Map<String, AtomicInteger> INJECTED = new ConcurrentHashMap<>();

    /** Any subtask, for {@link #onSubtask(int)}. */
    public static final int ANY_SUBTASK = -1;

    /** Fails after {@code records} records of one subtask, on the first attempt, with no checkpoint condition. */
    public static OperatorFailure afterRecords(long records) {
        return new OperatorFailure(UUID.randomUUID().toString(), records, 0, 0, ANY_SUBTASK);
    }

    /** A failure point that never fires: keeps the pipeline (and its uids) the same in runs without this fault. */
    public static OperatorFailure none() {
        return afterRecords(Long.MAX_VALUE);
    }

    /**
     * A failure point drawn from a seed: the same seed gives the same record count, so a failing
     * run can be replayed.
     */
    public static OperatorFailure seeded(long seed, long minRecords, long maxRecords) {
        long records = minRecords + (long) (new Random(seed).nextDouble() * (maxRecords - minRecords));
        return afterRecords(records);
    }

    public OperatorFailure onAttempt(int attemptNumber) {
        return new OperatorFailure(id, records, attemptNumber, afterCheckpoint, subtask);
    }

    public OperatorFailure afterCheckpoint(long checkpointId) {
        return new OperatorFailure(id, records, attempt, checkpointId, subtask);
    }

    public OperatorFailure onSubtask(int subtaskIndex) {
        return new OperatorFailure(id, records, attempt, afterCheckpoint, subtaskIndex);
    }

    /** The stream with this failure point inserted (an identity map with a stable uid). */
    public <T> DataStream<T> applyTo(DataStream<T> stream) {
        return stream.map(new FailingIdentity<T>(this))
                .returns(stream.getType())
                .name("fault-injection")
                .uid("flink-starters-fault-injection");
    }

    /** How many times this failure has fired. */
    public int injected() {
        return INJECTED.getOrDefault(id, new AtomicInteger()).get();
    }

    /** The exception the failure point throws; recognizable in job exceptions. */
    public static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }

    private static final class FailingIdentity<T> extends RichMapFunction<T, T> implements CheckpointListener {
        private static final long serialVersionUID = 1L;

        private final OperatorFailure plan;
        private transient long seen;
        private transient long lastCompletedCheckpoint;
        private transient boolean armed;

        FailingIdentity(OperatorFailure plan) {
            this.plan = plan;
        }

        @Override
        public void open(OpenContext context) {
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            armed = getRuntimeContext().getTaskInfo().getAttemptNumber() == plan.attempt()
                    && (plan.subtask() == ANY_SUBTASK || plan.subtask() == subtask);
        }

        @Override
        public T map(T value) {
            if (lastCompletedCheckpoint >= plan.afterCheckpoint()) {
                seen++;
            }
            if (armed && seen > plan.records()) {
                armed = false;
                if (!INJECTED.computeIfAbsent(plan.id(), id -> new AtomicInteger())
                        .compareAndSet(0, 1)) {
                    return value; // another subtask fired first
                }
                throw new InjectedFailure(
                        "Injected failure after " + plan.records() + " records on attempt " + plan.attempt()
                                + (plan.afterCheckpoint() > 0 ? " after checkpoint " + plan.afterCheckpoint() : ""));
            }
            return value;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            lastCompletedCheckpoint = Math.max(lastCompletedCheckpoint, checkpointId);
        }
    }
}
