package io.flinkstarters.health.internal;

import io.flinkstarters.health.DeadLetterReason;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * The job's own counters, all in the operator metric group {@value #GROUP} so dashboards find them
 * under one prefix (Prometheus: {@code flink_taskmanager_job_task_operator_health_<name>}, one series
 * per subtask). Dead letters are counted per reason in a key-value group, which the Prometheus reporter
 * turns into the label {@value #REASON} (and the name segment {@code reason_}).
 */
@Internal
public final class HealthMetrics {

    public static final String GROUP = "health";
    /** Raw records read from the events topic. */
    public static final String EVENTS_IN = "eventsIn";
    /** Aggregates emitted (a window updated by a late event emits again). */
    public static final String AGGREGATES_OUT = "aggregatesOut";
    /** Re-sent events dropped by deduplication. */
    public static final String DUPLICATES_DROPPED = "duplicatesDropped";
    /** Events too late for their window (they also become dead letters with reason {@code late}). */
    public static final String LATE_EVENTS = "lateEvents";
    /** Records sent to the dead-letter topic, per {@link #REASON}. */
    public static final String DEAD_LETTERS = "deadLetters";

    public static final String REASON = "reason";

    private HealthMetrics() {}

    public static Counter counter(RuntimeContext context, String name) {
        return counter(context.getMetricGroup(), name);
    }

    /** For an operator, which has its metric group without a runtime context. */
    public static Counter counter(MetricGroup operator, String name) {
        return operator.addGroup(GROUP).counter(name);
    }

    /** One dead-letter counter per reason, all registered up front so each reason reports 0 until it happens. */
    public static Map<DeadLetterReason, Counter> deadLettersByReason(RuntimeContext context) {
        Map<DeadLetterReason, Counter> counters = new EnumMap<>(DeadLetterReason.class);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            counters.put(
                    reason, group(context).addGroup(REASON, reasonLabel(reason)).counter(DEAD_LETTERS));
        }
        return counters;
    }

    /**
     * The reason's {@value #REASON} label: its id with {@code _} for {@code -} ({@code required_field}),
     * written the way Flink's Prometheus reporter would rewrite it anyway, so every reporter shows the same.
     */
    public static String reasonLabel(DeadLetterReason reason) {
        return reason.id().replace('-', '_');
    }

    private static MetricGroup group(RuntimeContext context) {
        return context.getMetricGroup().addGroup(GROUP);
    }
}
