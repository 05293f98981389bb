package io.flinkstarters.health.internal;

import static io.flinkstarters.health.AvroBytes.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.health.AvroBytes;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.RawEvent;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.avro.DeadLetter;
import io.flinkstarters.health.avro.HealthEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** The operators around the decoder and the validator: what goes on, and what becomes a dead letter with its origin. */
@SuppressWarnings(
        "try") // Flink's harnesses declare close() throws Exception; try-with-resources is still the right way to close
// them.
class DecodeAndValidateFunctionTest {

    private static final long NOW = TestEvents.T0.toEpochMilli();

    @Test
    void decodedEventsGoOnWithTheirRecord() throws Exception {
        HealthEvent event = TestEvents.heartRate(66).build();
        RawEvent raw = TestEvents.raw(event);

        try (OneInputStreamOperatorTestHarness<RawEvent, DecodedEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction())) {
            harness.processElement(raw, 0);

            assertThat(harness.extractOutputValues()).containsExactly(new DecodedEvent(event, raw));
            assertThat(harness.getSideOutput(DeadLetters.TAG)).isNullOrEmpty();
        }
    }

    @Test
    void undecodableRecordsBecomeDeadLettersWithTheirOrigin() throws Exception {
        byte[] key = "user-9".getBytes(StandardCharsets.UTF_8);
        byte[] garbage = {0x13, 0x37};
        RawEvent raw = new RawEvent("health-events", 3, 1234, 99, key, garbage);

        try (OneInputStreamOperatorTestHarness<RawEvent, DecodedEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction())) {
            harness.setProcessingTime(NOW);
            harness.processElement(raw, 0);

            assertThat(harness.extractOutputValues()).isEmpty();
            DeadLetter deadLetter = onlyDeadLetter(harness);
            assertThat(bytes(deadLetter.getOriginal())).isEqualTo(garbage);
            assertThat(bytes(deadLetter.getKey())).isEqualTo(key);
            assertThat(deadLetter.getTopic()).isEqualTo("health-events");
            assertThat(deadLetter.getPartition()).isEqualTo(3);
            assertThat(deadLetter.getOffset()).isEqualTo(1234);
            assertThat(deadLetter.getReason()).startsWith("undecodable: ");
            assertThat(deadLetter.getTime()).isEqualTo(TestEvents.T0);
        }
    }

    @Test
    void aTombstoneBecomesADeadLetterWithAnEmptyOriginal() throws Exception {
        try (OneInputStreamOperatorTestHarness<RawEvent, DecodedEvent> harness =
                ProcessFunctionTestHarnesses.forProcessFunction(new DecodeFunction())) {
            harness.processElement(new RawEvent("health-events", 0, 1, 1, null, null), 0);

            DeadLetter deadLetter = onlyDeadLetter(harness);
            assertThat(bytes(deadLetter.getOriginal())).isEmpty();
            assertThat(deadLetter.getKey()).isNull();
        }
    }

    @Test
    void invalidEventsBecomeDeadLettersNamingTheRuleAndKeepingTheOriginalBytes() throws Exception {
        HealthEvent valid = TestEvents.heartRate(70).build();
        HealthEvent implausible = TestEvents.heartRate(400).build();
        DecodedEvent rejected = TestEvents.decoded(implausible);

        try (OneInputStreamOperatorTestHarness<DecodedEvent, DecodedEvent> harness = validateHarness()) {
            harness.setProcessingTime(NOW);
            harness.processElement(TestEvents.decoded(valid), 0);
            harness.processElement(rejected, 0);

            assertThat(harness.extractOutputValues())
                    .extracting(DecodedEvent::event)
                    .containsExactly(valid);
            DeadLetter deadLetter = onlyDeadLetter(harness);
            assertThat(deadLetter.getReason()).isEqualTo("range: HEART_RATE value 400.0 is outside [25.0, 250.0] bpm");
            assertThat(bytes(deadLetter.getOriginal())).isEqualTo(AvroBytes.encode(implausible));
            assertThat(deadLetter.getOffset()).isEqualTo(rejected.raw().offset());
        }
    }

    @Test
    void theFutureRuleUsesTheOperatorsProcessingTime() throws Exception {
        HealthEvent inTenMinutes = TestEvents.heartRate(70)
                .setEventTime(TestEvents.T0.plus(Duration.ofMinutes(10)))
                .build();

        try (OneInputStreamOperatorTestHarness<DecodedEvent, DecodedEvent> harness = validateHarness()) {
            harness.setProcessingTime(NOW);
            harness.processElement(TestEvents.decoded(inTenMinutes), 0);
            harness.setProcessingTime(NOW + Duration.ofMinutes(6).toMillis());
            harness.processElement(TestEvents.decoded(inTenMinutes), 0);

            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(onlyDeadLetter(harness).getReason()).startsWith("future-event-time: ");
        }
    }

    private static OneInputStreamOperatorTestHarness<DecodedEvent, DecodedEvent> validateHarness() throws Exception {
        return ProcessFunctionTestHarnesses.forProcessFunction(new ValidateFunction(
                HealthJobSettings.from(ConfigFactory.empty()).validation()));
    }

    private static DeadLetter onlyDeadLetter(OneInputStreamOperatorTestHarness<?, ?> harness) {
        assertThat(harness.getSideOutput(DeadLetters.TAG)).hasSize(1);
        StreamRecord<DeadLetter> record = harness.getSideOutput(DeadLetters.TAG).peek();
        return record.getValue();
    }
}
