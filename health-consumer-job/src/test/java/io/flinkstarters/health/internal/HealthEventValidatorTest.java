package io.flinkstarters.health.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.health.DeadLetterReason;
import io.flinkstarters.health.HealthJobSettings;
import io.flinkstarters.health.TestEvents;
import io.flinkstarters.health.ValidationSettings;
import io.flinkstarters.health.avro.HealthEvent;
import io.flinkstarters.health.avro.MetricType;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** Every rule, with the defaults of reference.conf; a rejection names the rule that was broken. */
class HealthEventValidatorTest {

    private static final ValidationSettings DEFAULTS =
            HealthJobSettings.from(ConfigFactory.empty()).validation();
    private static final long NOW = TestEvents.T0.toEpochMilli();

    private final HealthEventValidator validator = new HealthEventValidator(DEFAULTS);

    @ParameterizedTest(name = "{0} {1} {2}")
    @CsvSource({
        "HEART_RATE, 72, bpm",
        "HEART_RATE, 25, BPM",
        "STEPS, 0, steps",
        "STEPS, 50000, steps",
        "BLOOD_OXYGEN, 97, percent",
        "BODY_TEMPERATURE, 36.6, celsius",
        "SLEEP_MINUTES, 42, minutes",
        "SYSTOLIC_BP, 121, mmHg",
        "DIASTOLIC_BP, 79, mmhg",
    })
    void plausibleMeasurementsPass(MetricType metricType, double value, String unit) {
        HealthEvent event = TestEvents.event(metricType, value, unit).build();

        assertThat(validator.violations(event, NOW)).isEmpty();
        assertThat(validator.rejection(event, NOW)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"eventId", "userId", "deviceId", "unit"})
    void blankRequiredFieldsAreRejected(String field) {
        HealthEvent.Builder builder = TestEvents.heartRate(70);
        switch (field) {
            case "eventId" -> builder.setEventId(" ");
            case "userId" -> builder.setUserId("");
            case "deviceId" -> builder.setDeviceId("\t");
            default -> builder.setUnit("");
        }

        assertThat(validator.rejection(builder.build(), NOW)).hasValue("required-field: " + field + " is blank");
    }

    @Test
    void allBlankFieldsAreNamedInOneViolation() {
        HealthEvent event =
                TestEvents.heartRate(70).setUserId("").setDeviceId("").build();

        assertThat(validator.rejection(event, NOW)).hasValue("required-field: userId, deviceId are blank");
    }

    @Test
    void aForeignUnitIsRejected() {
        HealthEvent event = TestEvents.event(MetricType.BODY_TEMPERATURE, 98.6, "fahrenheit")
                .build();

        // 98.6 is also outside the Celsius range: both rules are named, unit first.
        assertThat(validator.rejection(event, NOW))
                .hasValue("unit: 'fahrenheit' is not the unit of BODY_TEMPERATURE (celsius); "
                        + "range: BODY_TEMPERATURE value 98.6 is outside [30.0, 45.0] celsius");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"NaN", "Infinity", "-Infinity"})
    void nonFiniteValuesAreRejectedOnce(double value) {
        List<Violation> violations =
                validator.violations(TestEvents.heartRate(value).build(), NOW);

        assertThat(violations).extracting(Violation::rule).containsExactly(DeadLetterReason.FINITE_VALUE);
        assertThat(violations.get(0).reason()).isEqualTo("finite-value: HEART_RATE value is " + value);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(MetricType.class)
    void valuesJustOutsideTheRangeAreRejected(MetricType metricType) {
        var rule = DEFAULTS.rule(metricType);

        for (double value : new double[] {rule.min() - 0.001, rule.max() + 0.001}) {
            assertThat(validator.rejection(
                            TestEvents.event(metricType, value, rule.unit()).build(), NOW))
                    .hasValueSatisfying(reason -> assertThat(reason)
                            .startsWith("range: " + metricType + " value " + value + " is outside [" + rule.min() + ", "
                                    + rule.max() + "]"));
        }
        assertThat(validator.rejection(
                        TestEvents.event(metricType, rule.min(), rule.unit()).build(), NOW))
                .isEmpty();
        assertThat(validator.rejection(
                        TestEvents.event(metricType, rule.max(), rule.unit()).build(), NOW))
                .isEmpty();
    }

    @Test
    void eventTimesTooFarInTheFutureAreRejected() {
        Duration skew = DEFAULTS.maxFutureSkew();
        HealthEvent atTheLimit =
                TestEvents.heartRate(70).setEventTime(TestEvents.T0.plus(skew)).build();
        HealthEvent beyond = TestEvents.heartRate(70)
                .setEventTime(TestEvents.T0.plus(skew).plusMillis(1))
                .build();

        assertThat(validator.rejection(atTheLimit, NOW)).isEmpty();
        assertThat(validator.rejection(beyond, NOW))
                .hasValue(
                        "future-event-time: event time 2025-01-01T00:05:00.001Z is more than 5m ahead of the job's clock (2025-01-01T00:00:00Z)");
    }

    @Test
    void oldEventTimesAreNotTheValidatorsBusiness() {
        HealthEvent lastYear = TestEvents.heartRate(70)
                .setEventTime(TestEvents.T0.minus(Duration.ofDays(365)))
                .build();

        assertThat(validator.rejection(lastYear, NOW)).isEmpty();
    }

    @Test
    void everyRuleIsNamedAsADeadLetterReason() {
        HealthEvent bad = TestEvents.event(MetricType.STEPS, -5, "paces")
                .setDeviceId("")
                .setEventTime(TestEvents.T0.plus(Duration.ofDays(1)))
                .build();

        assertThat(validator.violations(bad, NOW))
                .extracting(Violation::rule)
                .containsExactly(
                        DeadLetterReason.REQUIRED_FIELD,
                        DeadLetterReason.UNIT,
                        DeadLetterReason.RANGE,
                        DeadLetterReason.FUTURE_EVENT_TIME);
        assertThat(DeadLetterReason.of(validator.rejection(bad, NOW).orElseThrow()))
                .contains(DeadLetterReason.REQUIRED_FIELD);
    }

    @Test
    void rangesAndUnitsComeFromTheConfiguration() {
        ValidationSettings strict = HealthJobSettings.from(ConfigFactory.parseString(
                        "health.validation.metrics.heart-rate { min = 40, max = 180, unit = \"beats/min\" }"))
                .validation();
        HealthEventValidator configured = new HealthEventValidator(strict);

        assertThat(configured.rejection(
                        TestEvents.heartRate(35).setUnit("beats/min").build(), NOW))
                .hasValue("range: HEART_RATE value 35.0 is outside [40.0, 180.0] beats/min");
        assertThat(configured.rejection(TestEvents.heartRate(35).build(), NOW))
                .hasValueSatisfying(reason ->
                        assertThat(reason).startsWith("unit: 'bpm' is not the unit of HEART_RATE (beats/min)"));
    }
}
