package io.flinkstarters.testkit;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.annotation.PublicEvolving;

/**
 * Compares the records a job was given with the records it committed, in the vocabulary of Jepsen's
 * Kafka checker: every expected record must appear exactly once (not <em>lost</em>, not
 * <em>duplicated</em>), nothing else may appear (<em>unexpected</em>), and nothing a
 * {@code read_committed} reader saw may disappear later (<em>read-uncommitted</em>: it belonged to a
 * transaction that was aborted after all). Records that only a {@code read_uncommitted} reader sees
 * belong to aborted or open transactions; they are counted, and are fine. Read the output with
 * {@code isolation.level=read_committed} ({@link KafkaBroker#readCommitted}), or aborted transactions
 * count too.
 */
@PublicEvolving
public final class ExactlyOnceVerifier {

    private ExactlyOnceVerifier() {}

    /** Checks {@code output} against {@code expected}, both given as record identities (e.g. event ids). */
    public static <K> Verdict<K> verify(Collection<K> expected, Collection<K> output) {
        return verify(expected, output, List.of(), 0);
    }

    /**
     * Like {@link #verify(Collection, Collection)}, with what the reads in between showed.
     *
     * @param readUncommitted records a {@code read_committed} reader saw that a later one no longer does,
     *     each described (partition, offset)
     * @param abortedRecords records only {@code read_uncommitted} sees (aborted or still open transactions)
     */
    public static <K> Verdict<K> verify(
            Collection<K> expected, Collection<K> output, List<String> readUncommitted, int abortedRecords) {
        Map<K, Long> expectedCounts = counts(expected);
        Map<K, Long> outputCounts = counts(output);
        Map<K, Long> lost = new LinkedHashMap<>();
        Map<K, Long> duplicated = new LinkedHashMap<>();
        Map<K, Long> unexpected = new LinkedHashMap<>();
        expectedCounts.forEach((key, count) -> {
            long seen = outputCounts.getOrDefault(key, 0L);
            if (seen < count) {
                lost.put(key, count - seen);
            } else if (seen > count) {
                duplicated.put(key, seen);
            }
        });
        outputCounts.forEach((key, count) -> {
            if (!expectedCounts.containsKey(key)) {
                unexpected.put(key, count);
            }
        });
        return new Verdict<>(
                expected.size(),
                output.size(),
                lost,
                duplicated,
                unexpected,
                List.copyOf(readUncommitted),
                abortedRecords);
    }

    private static <K> Map<K, Long> counts(Collection<K> keys) {
        return keys.stream()
                .collect(Collectors.groupingBy(Function.identity(), LinkedHashMap::new, Collectors.counting()));
    }

    /**
     * The outcome.
     *
     * @param lost expected records missing from the output, with how many copies are missing
     * @param duplicated records that appear more often than given, with how often they appear
     * @param unexpected output records that were never given, with how often they appear
     * @param readUncommitted records once visible to {@code read_committed} that later were not
     * @param abortedRecords records visible to {@code read_uncommitted} only (fine: never committed)
     */
    public record Verdict<K>(
            int expectedCount,
            int outputCount,
            Map<K, Long> lost,
            Map<K, Long> duplicated,
            Map<K, Long> unexpected,
            List<String> readUncommitted,
            int abortedRecords) {

        private static final int SHOWN = 10;

        public boolean isExactlyOnce() {
            return lost.isEmpty() && duplicated.isEmpty() && unexpected.isEmpty() && readUncommitted.isEmpty();
        }

        /** Throws an AssertionError that lists the first offending records of each kind. */
        public void assertExactlyOnce() {
            if (!isExactlyOnce()) {
                throw new AssertionError(describe());
            }
        }

        public String describe() {
            String aborted = abortedRecords == 0
                    ? ""
                    : " (" + abortedRecords + " aborted records, visible to read_uncommitted only: fine)";
            if (isExactlyOnce()) {
                return "exactly once: " + expectedCount + " records in, " + outputCount + " out" + aborted;
            }
            return "not exactly once: " + expectedCount + " records in, " + outputCount + " out; "
                    + lost.size() + " lost " + first(lost.entrySet()) + ", "
                    + duplicated.size() + " duplicated (record=times seen) " + first(duplicated.entrySet()) + ", "
                    + unexpected.size() + " unexpected " + first(unexpected.entrySet()) + ", "
                    + readUncommitted.size() + " read-uncommitted " + first(readUncommitted) + aborted;
        }

        private static String first(Collection<?> records) {
            return records.stream()
                    .limit(SHOWN)
                    .map(String::valueOf)
                    .collect(Collectors.joining(", ", "[", records.size() > SHOWN ? ", ...]" : "]"));
        }
    }
}
