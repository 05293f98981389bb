package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.HealthEvent;
import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicatorTest {

    private static final Duration TTL = Duration.ofMinutes(10);

    private KeyedOneInputStreamOperatorTestHarness<String, DecodedEvent, DecodedEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, DecodedEvent, DecodedEvent> harness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new Deduplicator(TTL)), Deduplicator.byEventId(), Types.STRING);
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
