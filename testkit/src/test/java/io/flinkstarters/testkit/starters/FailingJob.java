package io.flinkstarters.testkit.starters;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * A bounded job whose map fails on every attempt below {@code failingAttempts} (attempt numbers
 * start at 0), then finishes. The failure message names the attempt, so a test can tell from the
 * final exception how many attempts ran. Parallelism 1: with more, each parallel pipeline is a
 * failover region of its own and every one of them would use up restart attempts.
 */
final class FailingJob {

    private static final Map<String, Integer> LAST_ATTEMPT = new ConcurrentHashMap<>();

    private FailingJob() {}

    static void build(StreamExecutionEnvironment env, String run, int failingAttempts) {
        env.setParallelism(1);
        env.fromSequence(1, 10).map(new FailUntil(run, failingAttempts)).sinkTo(new DiscardingSink<>());
    }

    /** The highest attempt number that ran for a run. */
    static int lastAttempt(String run) {
        return LAST_ATTEMPT.getOrDefault(run, -1);
    }

    private static final class FailUntil extends RichMapFunction<Long, Long> {
        private final String run;
        private final int failingAttempts;

        FailUntil(String run, int failingAttempts) {
            this.run = run;
            this.failingAttempts = failingAttempts;
        }

        @Override
        public Long map(Long value) {
            int attempt = getRuntimeContext().getTaskInfo().getAttemptNumber();
            LAST_ATTEMPT.merge(run, attempt, Math::max);
            if (attempt < failingAttempts) {
                throw new IllegalStateException("injected failure on attempt " + attempt);
            }
            return value;
        }
    }
}
