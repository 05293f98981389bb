package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import io.flinkstarters.health.internal.DecodedEvent;
import io.flinkstarters.health.internal.LateEventToDeadLetter;
import io.flinkstarters.health.internal.UserMetric;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.functions.KeySelector;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The window operator exactly as the pipeline builds it, driven by a harness that controls the watermark. */
@SuppressWarnings(
        "try") // Flink's harnesses declare close() throws Exception; try-with-resources is still the right way to close
// them.
class WindowAggregationTest {

    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofSeconds(30);
    private static final WindowSettings WINDOW =
            new WindowSettings(SIZE, LATENESS, Duration.ofSeconds(5), Duration.ZERO);
    private static final Instant END = TestEvents.T0.plus(SIZE);

    private KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> harness;

    @BeforeEach
    void open() throws Exception {
        harness = harness(WINDOW);
    }

    @SuppressWarnings("unchecked")
    private static KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> harness(
            WindowSettings settings) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        OneInputTransformation<DecodedEvent, HealthAggregate> window =
                (OneInputTransformation<DecodedEvent, HealthAggregate>) HealthPipeline.aggregate(
                                env.fromData(List.of(at(TestEvents.heartRate(60), 0)), DecodedEvent.TYPE)
                                        .keyBy(UserMetric.selector(), UserMetric.TYPE),
                                settings)
                        .getTransformation();
        KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        window.getOperatorFactory(),
                        (KeySelector<DecodedEvent, UserMetric>) window.getStateKeySelector(),
                        (TypeInformation<UserMetric>) window.getStateKeyType());
        harness.open();
        return harness;
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aWindowReportsCountMinMaxMeanAndSumPerUserAndMetric() throws Exception {
        process(at(TestEvents.steps(100), 1_000));
        process(at(TestEvents.steps(250), 20_000));
        process(at(TestEvents.steps(50), 59_999));
        process(at(TestEvents.heartRate(60), 5_000));
        process(at(TestEvents.heartRate(91), 6_000));
        process(at(TestEvents.heartRate(120).setUserId("user-2"), 7_000));

        harness.processWatermark(END.toEpochMilli() - 1);

        assertThat(harness.extractOutputValues())
                .containsExactlyInAnyOrder(
                        aggregate("user-1", MetricType.STEPS, 3, 50, 250, 400.0 / 3, 400.0),
                        aggregate("user-1", MetricType.HEART_RATE, 2, 60, 91, 75.5, null),
                        aggregate("user-2", MetricType.HEART_RATE, 1, 120, 120, 120, null));
    }

    @Test
    void sleepMinutesAreSummedToo() throws Exception {
        process(at(TestEvents.event(MetricType.SLEEP_MINUTES, 30, "minutes"), 1_000));
        process(at(TestEvents.event(MetricType.SLEEP_MINUTES, 12, "minutes"), 2_000));

        harness.processWatermark(END.toEpochMilli() - 1);

        assertThat(harness.extractOutputValues())
                .containsExactly(aggregate("user-1", MetricType.SLEEP_MINUTES, 2, 12, 30, 21, 42.0));
    }

    @Test
    void nothingIsEmittedBeforeTheWatermarkPassesTheWindowEnd() throws Exception {
        process(at(TestEvents.steps(100), 1_000));

        harness.processWatermark(END.toEpochMilli() - 2);

        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void windowsAreTumblingAndAlignedToTheEpoch() throws Exception {
        process(at(TestEvents.steps(10), 59_999));
        process(at(TestEvents.steps(20), 60_000));

        harness.processWatermark(END.plus(SIZE).toEpochMilli() - 1);

        assertThat(harness.extractOutputValues())
                .extracting(HealthAggregate::getWindowStart, HealthAggregate::getCount)
                .containsExactlyInAnyOrder(tuple(TestEvents.T0, 1L), tuple(END, 1L));
    }

    @Test
    void aLateEventWithinTheAllowedLatenessUpdatesTheWindow() throws Exception {
        process(at(TestEvents.steps(100), 1_000));
        harness.processWatermark(END.toEpochMilli() - 1);

        process(at(TestEvents.steps(40), 30_000));
        harness.processWatermark(END.plus(LATENESS).toEpochMilli() - 2);

        assertThat(harness.extractOutputValues())
                .containsExactly(
                        aggregate("user-1", MetricType.STEPS, 1, 100, 100, 100, 100.0),
                        aggregate("user-1", MetricType.STEPS, 2, 40, 100, 70, 140.0));
        assertThat(harness.getSideOutput(HealthPipeline.LATE)).isNullOrEmpty();
    }

    @Test
    void anEventLaterThanTheAllowedLatenessGoesToTheLateOutputNotTheWindow() throws Exception {
        process(at(TestEvents.steps(100), 1_000));
        harness.processWatermark(END.plus(LATENESS).toEpochMilli() - 1);
        DecodedEvent tooLate = at(TestEvents.steps(40), 30_000);

        process(tooLate);

        assertThat(harness.extractOutputValues())
                .containsExactly(aggregate("user-1", MetricType.STEPS, 1, 100, 100, 100, 100.0));
        assertThat(harness.getSideOutput(HealthPipeline.LATE))
                .extracting(StreamRecord::getValue)
                .containsExactly(tooLate);
    }

    @Test
    void aWindowKeepsStateAndTimersOnlyUntilItsAllowedLatenessHasPassed() throws Exception {
        process(at(TestEvents.steps(100), 1_000));
        process(at(TestEvents.steps(40), 2_000));
        process(at(TestEvents.steps(10), 3_000));

        assertThat(harness.numEventTimeTimers())
                .as("its end and its cleanup, whatever the number of measurements")
                .isEqualTo(2);
        harness.processWatermark(END.toEpochMilli() - 1);
        assertThat(harness.numKeyedStateEntries())
                .as("kept for late measurements")
                .isEqualTo(1);

        harness.processWatermark(END.plus(LATENESS).toEpochMilli() - 1);

        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues())
                .containsExactly(aggregate("user-1", MetricType.STEPS, 3, 10, 100, 50, 150.0));
    }

    @Test
    void aLateEventWithinTheAllowedLatenessForAWindowNotSeenBeforeIsEmittedAtOnceAndCleanedUpLater() throws Exception {
        harness.processWatermark(END.toEpochMilli() - 1);

        process(at(TestEvents.steps(40), 30_000));

        assertThat(harness.extractOutputValues())
                .containsExactly(aggregate("user-1", MetricType.STEPS, 1, 40, 40, 40, 40.0));
        harness.processWatermark(END.plus(LATENESS).toEpochMilli() - 1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void whenTheAllowedLatenessIsAWindowOneTimerEndsAWindowAndCleansUpThePreviousOne() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> sameTimes =
                harness(new WindowSettings(SIZE, SIZE, Duration.ofSeconds(5), Duration.ZERO))) {
            process(sameTimes, at(TestEvents.steps(100), 1_000));
            process(sameTimes, at(TestEvents.steps(20), SIZE.toMillis() + 1_000));
            sameTimes.processWatermark(END.toEpochMilli() - 1);
            process(sameTimes, at(TestEvents.steps(50), 2_000));

            sameTimes.processWatermark(END.plus(SIZE).toEpochMilli() - 1);
            DecodedEvent tooLate = at(TestEvents.steps(7), 3_000);
            process(sameTimes, tooLate);

            process(sameTimes, at(TestEvents.steps(30), SIZE.toMillis() + 2_000));

            assertThat(sameTimes.extractOutputValues())
                    .extracting(HealthAggregate::getWindowStart, HealthAggregate::getCount)
                    .containsExactly(
                            tuple(TestEvents.T0, 1L), tuple(TestEvents.T0, 2L), tuple(END, 1L), tuple(END, 2L));
            assertThat(sameTimes.getSideOutput(HealthPipeline.LATE))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(tooLate);
            sameTimes.processWatermark(END.plus(SIZE).plus(SIZE).toEpochMilli() - 1);
            assertThat(sameTimes.numKeyedStateEntries()).isZero();
            assertThat(sameTimes.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void withoutAllowedLatenessAWindowIsEmittedOnceAndForgottenAtItsEnd() throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> strict =
                harness(new WindowSettings(SIZE, Duration.ZERO, Duration.ofSeconds(5), Duration.ZERO))) {
            process(strict, at(TestEvents.steps(100), 1_000));
            assertThat(strict.numEventTimeTimers()).isEqualTo(1);

            strict.processWatermark(END.toEpochMilli() - 1);
            DecodedEvent late = at(TestEvents.steps(40), 30_000);
            process(strict, late);

            assertThat(strict.extractOutputValues())
                    .containsExactly(aggregate("user-1", MetricType.STEPS, 1, 100, 100, 100, 100.0));
            assertThat(strict.getSideOutput(HealthPipeline.LATE))
                    .extracting(StreamRecord::getValue)
                    .containsExactly(late);
            assertThat(strict.numKeyedStateEntries()).isZero();
            assertThat(strict.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aLateEventBecomesADeadLetterWithReasonLate() throws Exception {
        DecodedEvent late = at(TestEvents.steps(40), 30_000);

        try (OneInputStreamOperatorTestHarness<DecodedEvent, DeadLetter> toDeadLetter =
                ProcessFunctionTestHarnesses.forProcessFunction(new LateEventToDeadLetter())) {
            toDeadLetter.setProcessingTime(END.plus(Duration.ofHours(1)).toEpochMilli());
            toDeadLetter.processElement(late, 30_000);

            DeadLetter deadLetter = toDeadLetter.extractOutputValues().get(0);
            assertThat(deadLetter.getReason()).isEqualTo("late");
            assertThat(AvroBytes.bytes(deadLetter.getOriginal()))
                    .isEqualTo(late.raw().value());
            assertThat(deadLetter.getOffset()).isEqualTo(late.raw().offset());
            assertThat(deadLetter.getTime()).isEqualTo(END.plus(Duration.ofHours(1)));
        }
    }

    private void process(DecodedEvent event) throws Exception {
        process(harness, event);
    }

    private static void process(
            KeyedOneInputStreamOperatorTestHarness<UserMetric, DecodedEvent, HealthAggregate> harness,
            DecodedEvent event)
            throws Exception {
        harness.processElement(event, event.event().getEventTime().toEpochMilli());
    }

    private static DecodedEvent at(HealthEvent.Builder event, long millisAfterT0) {
        return TestEvents.decoded(
                event.setEventTime(TestEvents.T0.plusMillis(millisAfterT0)).build());
    }

    private static HealthAggregate aggregate(
            String user, MetricType metric, long count, double min, double max, double mean, Double sum) {
        return HealthAggregate.newBuilder()
                .setUserId(user)
                .setMetricType(metric)
                .setWindowStart(TestEvents.T0)
                .setWindowEnd(END)
                .setCount(count)
                .setMin(min)
                .setMax(max)
                .setMean(mean)
                .setSum(sum)
                .build();
    }
}
