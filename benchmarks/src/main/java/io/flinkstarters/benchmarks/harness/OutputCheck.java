package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.testkit.KafkaBroker;
import java.time.Duration;

/**
 * After a run has read its whole topic: did it commit exactly the aggregates and dead letters the data
 * calls for? A benchmark whose job lost or repeated output measured the wrong thing.
 */
public final class OutputCheck {

    private OutputCheck() {}

    /** What was committed ({@code read_committed}) against what was expected. */
    public record Outcome(long aggregates, long expectedAggregates, long deadLetters, long expectedDeadLetters) {
        public boolean exact() {
            return aggregates == expectedAggregates && deadLetters == expectedDeadLetters;
        }

        public String describe() {
            return exact()
                    ? "exact"
                    : "aggregates " + aggregates + "/" + expectedAggregates + ", dead letters " + deadLetters + "/"
                            + expectedDeadLetters;
        }
    }

    /** Waits until the expected counts are committed (or the timeout passes) and reports what is there. */
    public static Outcome await(KafkaBroker kafka, FilledTopic topic, String run, Duration timeout) {
        long aggregates = count(kafka, JobSetup.aggregatesTopic(run), topic.expectedAggregates(), timeout);
        long deadLetters = count(kafka, JobSetup.deadLettersTopic(run), topic.expectedDeadLetters(), timeout);
        return new Outcome(aggregates, topic.expectedAggregates(), deadLetters, topic.expectedDeadLetters());
    }

    private static long count(KafkaBroker kafka, String topic, long expected, Duration timeout) {
        try {
            return kafka.readCommitted(topic, KafkaBroker.atLeast((int) expected), timeout)
                    .size();
        } catch (AssertionError timedOut) {
            return kafka.readCommitted(topic).size();
        }
    }
}
