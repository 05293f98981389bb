package io.flinkstarters.failure;

import io.flinkstarters.failure.internal.FailureClassifier;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import org.apache.flink.annotation.Experimental;
import org.apache.flink.core.failure.FailureEnricher;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;

/**
 * Labels every failure of a job with its {@link FailureCause}: under {@value #KEY} in the REST
 * exception history ({@code /jobs/<id>/exceptions}, {@code failureLabels}), and as a counter per cause
 * in the job's JobManager metrics ({@code failure_cause.<cause>.count}; for Prometheus
 * {@code flink_jobmanager_job_failure_cause_count{failure_cause="kafka_producer_fenced"}}), every
 * cause registered at 0 on the job's first failure, so alerts can take {@code increase()}.
 *
 * <p>Enabled on a cluster with the jar in {@code plugins/flink-starters-failure-enricher/} and
 * {@code jobmanager.failure-enrichers: }{@value #CLASS_NAME} in its {@code config.yaml}.
 */
@Experimental
public final class StartersFailureEnricher implements FailureEnricher {

    /** The label's key. */
    public static final String KEY = "cause";

    /** What {@code jobmanager.failure-enrichers} names. */
    public static final String CLASS_NAME = "io.flinkstarters.failure.StartersFailureEnricher";

    static final String METRIC_GROUP = "failure_cause";
    static final String COUNTER = "count";

    /** Per job (its metric group), one counter per cause; weak, so a finished job's group is not kept. */
    private final Map<MetricGroup, Map<FailureCause, Counter>> counters =
            Collections.synchronizedMap(new WeakHashMap<>());

    @Override
    public Set<String> getOutputKeys() {
        return Set.of(KEY);
    }

    @Override
    public CompletableFuture<Map<String, String>> processFailure(Throwable cause, Context context) {
        FailureCause classified = FailureClassifier.classify(cause, context.getFailureType());
        MetricGroup group = context.getMetricGroup();
        if (group != null) {
            counters.computeIfAbsent(group, StartersFailureEnricher::register)
                    .get(classified)
                    .inc();
        }
        return CompletableFuture.completedFuture(Map.of(KEY, classified.label()));
    }

    private static Map<FailureCause, Counter> register(MetricGroup group) {
        Map<FailureCause, Counter> byCause = new EnumMap<>(FailureCause.class);
        for (FailureCause cause : FailureCause.values()) {
            byCause.put(cause, group.addGroup(METRIC_GROUP, cause.label()).counter(COUNTER));
        }
        return byCause;
    }
}
