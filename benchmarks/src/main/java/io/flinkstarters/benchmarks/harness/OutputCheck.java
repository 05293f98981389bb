package io.flinkstarters.benchmarks.harness;

import io.flinkstarters.testkit.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

/**
 * After a run has read its whole topic: did it commit exactly the output the data calls for? A benchmark
 * whose job lost or repeated output measured the wrong thing.
 */
public final class OutputCheck {

    private OutputCheck() {}

    /** What was committed ({@code read_committed}) to each output against what was expected. */
    public record Outcome(List<Count> counts) {

        /** One output topic's count. */
        public record Count(String output, long committed, long expected) {}

        public boolean exact() {
            return counts.stream().allMatch(count -> count.committed() == count.expected());
        }

        public String describe() {
            return exact()
                    ? "exact"
                    : counts.stream()
                            .map(count -> count.output() + " " + count.committed() + "/" + count.expected())
                            .collect(Collectors.joining(", "));
        }
    }

    /** The health job's outputs: waits until the expected counts are committed (or the timeout passes) and reports what is there. */
    public static Outcome await(KafkaBroker kafka, FilledTopic topic, String run, Duration timeout) {
        return new Outcome(List.of(
                count(kafka, "aggregates", JobSetup.aggregatesTopic(run), topic.expectedAggregates(), timeout),
                count(kafka, "dead letters", JobSetup.deadLettersTopic(run), topic.expectedDeadLetters(), timeout)));
    }

    /** One output topic, like {@link #await(KafkaBroker, FilledTopic, String, Duration)}. */
    public static Outcome.Count count(KafkaBroker kafka, String output, String topic, long expected, Duration timeout) {
        return new Outcome.Count(
                output, CommittedCount.await(kafka.clientProperties(), topic, expected, timeout), expected);
    }
}
