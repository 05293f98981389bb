package io.flinkstarters.testkit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Compares the records a job was given with the records it committed: every expected record must
 * appear exactly once. Read the output with {@code isolation.level=read_committed}
 * ({@link KafkaBroker#readCommitted}), or aborted transactions count too.
 */
@PublicEvolving
public final class ExactlyOnceVerifier {

    private ExactlyOnceVerifier() {}

    /** Checks {@code output} against {@code expected}, both given as record identities (e.g. event ids). */
    public static <K> Verdict<K> verify(Collection<K> expected, Collection<K> output) {
        Map<K, Long> expectedCounts = counts(expected);
        Map<K, Long> outputCounts = counts(output);
        Map<K, Long> missing = new LinkedHashMap<>();
        Map<K, Long> duplicated = new LinkedHashMap<>();
        Map<K, Long> unexpected = new LinkedHashMap<>();
        expectedCounts.forEach((key, count) -> {
            long seen = outputCounts.getOrDefault(key, 0L);
            if (seen < count) {
                missing.put(key, count - seen);
            } else if (seen > count) {
                duplicated.put(key, seen);
            }
        });
        outputCounts.forEach((key, count) -> {
            if (!expectedCounts.containsKey(key)) {
                unexpected.put(key, count);
            }
        });
        return new Verdict<>(expected.size(), output.size(), missing, duplicated, unexpected);
    }

    private static <K> Map<K, Long> counts(Collection<K> keys) {
        return keys.stream()
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
    }

    /**
     * The outcome: records missing from the output, records that appear more often than given (with
     * how often), and output records that were never given.
     */
    public record Verdict<K>(
            int expectedCount,
            int outputCount,
            Map<K, Long> missing,
            Map<K, Long> duplicated,
            Map<K, Long> unexpected) {

        private static final int SHOWN = 10;

        public boolean isExactlyOnce() {
            return missing.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty();
        }

        /** Throws an AssertionError that lists the first offending records of each kind. */
        public void assertExactlyOnce() {
            if (!isExactlyOnce()) {
                throw new AssertionError(describe());
            }
        }

        public String describe() {
            if (isExactlyOnce()) {
                return "exactly once: " + expectedCount + " records in, " + outputCount + " out";
            }
            return "not exactly once: " + expectedCount + " records in, " + outputCount + " out; "
                    + missing.size() + " missing " + first(missing) + ", "
                    + duplicated.size() + " duplicated (key=times seen) " + first(duplicated) + ", "
                    + unexpected.size() + " unexpected " + first(unexpected);
        }

        private static <K> String first(Map<K, Long> records) {
            return records.entrySet().stream()
                    .limit(SHOWN)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", records.size() > SHOWN ? ", ...]" : "]"));
        }
    }
}
