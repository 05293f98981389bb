package io.flinkstarters.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class ExactlyOnceVerifierTest {

    @Test
    void sameRecordsOnceEachIsExactlyOnce() {
        ExactlyOnceVerifier.Verdict<String> verdict =
                ExactlyOnceVerifier.verify(List.of("a", "b", "c"), List.of("c", "a", "b"));

        assertThat(verdict.isExactlyOnce()).isTrue();
        assertThat(verdict.describe()).isEqualTo("exactly once: 3 records in, 3 out");
        verdict.assertExactlyOnce();
    }

    @Test
    void namesLostDuplicatedAndUnexpectedRecords() {
        ExactlyOnceVerifier.Verdict<String> verdict =
                ExactlyOnceVerifier.verify(List.of("a", "b", "c", "d"), List.of("a", "a", "a", "c", "x"));

        assertThat(verdict.lost()).isEqualTo(Map.of("b", 1L, "d", 1L));
        assertThat(verdict.duplicated()).isEqualTo(Map.of("a", 3L));
        assertThat(verdict.unexpected()).isEqualTo(Map.of("x", 1L));
        assertThatThrownBy(verdict::assertExactlyOnce)
                .isInstanceOf(AssertionError.class)
                .hasMessage(
                        "not exactly once: 4 records in, 5 out; 2 lost [b=1, d=1], 1 duplicated (record=times seen) [a=3],"
                                + " 1 unexpected [x=1], 0 read-uncommitted []");
    }

    @Test
    void recordsExpectedTwiceMustAppearTwice() {
        assertThat(ExactlyOnceVerifier.verify(List.of("a", "a"), List.of("a")).lost())
                .isEqualTo(Map.of("a", 1L));
        assertThat(ExactlyOnceVerifier.verify(List.of("a", "a"), List.of("a", "a"))
                        .isExactlyOnce())
                .isTrue();
    }

    @Test
    void listsOnlyTheFirstFewOffenders() {
        List<Integer> expected = IntStream.range(0, 100).boxed().toList();

        String description = ExactlyOnceVerifier.verify(expected, List.of()).describe();

        assertThat(description).contains("100 lost [0=1, 1=1, 2=1, 3=1, 4=1, 5=1, 6=1, 7=1, 8=1, 9=1, ...]");
    }

    @Test
    void recordsThatVanishedFromTheCommittedViewAreReadUncommitted() {
        ExactlyOnceVerifier.Verdict<String> verdict = ExactlyOnceVerifier.verify(
                List.of("a"), List.of("a"), List.of("partition 0 offset 3 was read committed, then was gone"), 0);

        assertThat(verdict.isExactlyOnce()).isFalse();
        assertThat(verdict.describe())
                .contains("1 read-uncommitted [partition 0 offset 3 was read committed, then was gone]");
    }

    @Test
    void abortedRecordsAreCountedButFine() {
        ExactlyOnceVerifier.Verdict<String> verdict =
                ExactlyOnceVerifier.verify(List.of("a"), List.of("a"), List.of(), 4);

        assertThat(verdict.isExactlyOnce()).isTrue();
        assertThat(verdict.describe())
                .isEqualTo(
                        "exactly once: 1 records in, 1 out (4 aborted records, visible to read_uncommitted only: fine)");
    }
}
