package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.HealthEvent;
import java.time.Duration;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, DecodedEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, DecodedEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new Deduplicator(TTL), UserMetric.selector(), UserMetric.TYPE);
    }

    @Test
    void aProducerRetryDoesNotDoubleAStepCount() throws Exception {
        HealthEvent steps = TestEvents.steps(1200).setEventId("steps-1").build();
        DecodedEvent original = TestEvents.decoded(steps);
        DecodedEvent retry = TestEvents.decoded(steps); // same measurement, written again at a later offset

        harness.processElement(original, 1);
        harness.processElement(retry, 2);

        assertThat(harness.extractOutputValues()).containsExactly(original);
    }

    @Test
    void distinctEventIdsAllPass() throws Exception {
        DecodedEvent first =
                TestEvents.decoded(TestEvents.steps(10).setEventId("a").build());
        DecodedEvent second =
                TestEvents.decoded(TestEvents.steps(10).setEventId("b").build());

        harness.processElement(first, 1);
        harness.processElement(second, 1);

        assertThat(harness.extractOutputValues()).containsExactly(first, second);
    }

    @Test
    void anEventIdCountsOncePerUserAndMetric() throws Exception {
        DecodedEvent steps =
                TestEvents.decoded(TestEvents.steps(10).setEventId("same").build());
        DecodedEvent otherUser = TestEvents.decoded(
                TestEvents.steps(10).setEventId("same").setUserId("user-2").build());
        DecodedEvent otherMetric =
                TestEvents.decoded(TestEvents.heartRate(70).setEventId("same").build());

        harness.processElement(steps, 1);
        harness.processElement(otherUser, 1);
        harness.processElement(otherMetric, 1);

        assertThat(harness.extractOutputValues()).containsExactly(steps, otherUser, otherMetric);
    }

    @Test
    void everyIdIsAStateEntryOfItsOwnSoTheTtlCleanupVisitsOneIdAtATime() throws Exception {
        for (int i = 0; i < 5; i++) {
            harness.processElement(
                    TestEvents.decoded(
                            TestEvents.steps(10).setEventId("id-" + i).build()),
                    1);
        }

        assertThat(harness.numKeyedStateEntries()).isEqualTo(5);
    }

    @Test
    void anIdIsForgottenOnceItsTtlHasPassed() throws Exception {
        HealthEvent event = TestEvents.heartRate(70).setEventId("hr-1").build();
        harness.setStateTtlProcessingTime(0);
        harness.processElement(TestEvents.decoded(event), 1);

        harness.setStateTtlProcessingTime(TTL.toMillis() - 1);
        harness.processElement(TestEvents.decoded(event), 2);
        assertThat(harness.extractOutputValues()).as("a copy within the TTL").hasSize(1);

        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(TestEvents.decoded(event), 3);
        assertThat(harness.extractOutputValues())
                .as("a copy once the TTL has passed")
                .hasSize(2);
    }

    @Test
    void theTtlCountsFromTheFirstSightingNotTheLastCopy() throws Exception {
        HealthEvent event = TestEvents.heartRate(70).setEventId("hr-2").build();
        harness.setStateTtlProcessingTime(0);
        harness.processElement(TestEvents.decoded(event), 1);
        harness.setStateTtlProcessingTime(TTL.toMillis() / 2);
        harness.processElement(TestEvents.decoded(event), 2); // a dropped copy does not extend the TTL

        harness.setStateTtlProcessingTime(TTL.toMillis());
        harness.processElement(TestEvents.decoded(event), 3);

        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void seenIdsSurviveARestoreFromACheckpoint() throws Exception {
        HealthEvent event = TestEvents.steps(300).setEventId("steps-2").build();
        harness.processElement(TestEvents.decoded(event), 1);
        OperatorSubtaskState checkpoint = harness.snapshot(1, 1);
        harness.close();

        harness = harness();
        harness.initializeState(checkpoint);
        harness.open();
        harness.processElement(TestEvents.decoded(event), 2);

        assertThat(harness.extractOutputValues()).isEmpty();
    }
}
