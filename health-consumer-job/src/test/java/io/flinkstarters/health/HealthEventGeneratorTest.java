package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.health.HealthEventGenerator.Dataset;
import io.flinkstarters.health.HealthEventGenerator.Kind;
import io.flinkstarters.health.HealthEventGenerator.Record;
import io.flinkstarters.health.avro.HealthAggregate;
import io.flinkstarters.health.internal.HealthEventDecoder;
import io.flinkstarters.health.internal.HealthEventValidator;
import io.flinkstarters.health.internal.Violation;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthEventGeneratorTest {

    private static final HealthJobSettings SETTINGS = HealthJobSettings.from(ConfigFactory.empty());

    private final Dataset data = HealthEventGenerator.builder(SETTINGS)
            .seed(7)
            .events(10_000)
            .build()
            .generate();

    @Test
    void theSameSeedGivesTheSameBytes() {
        Dataset again = HealthEventGenerator.builder(SETTINGS)
                .seed(7)
                .events(10_000)
                .build()
                .generate();
        Dataset other = HealthEventGenerator.builder(SETTINGS)
                .seed(8)
                .events(10_000)
                .build()
                .generate();

        assertThat(hex(again.all())).isEqualTo(hex(data.all()));
        assertThat(hex(other.all())).isNotEqualTo(hex(data.all()));
        assertThat(again.expectedAggregates()).isEqualTo(data.expectedAggregates());
    }

    @Test
    void sharesAreRoughlyWhatWasAskedFor() {
        assertThat(data.count(Kind.UNDECODABLE)).isBetween(150L, 250L); // 2 %
        assertThat(data.count(Kind.INVALID)).isBetween(420L, 580L); // 5 %
        long valid = data.count(Kind.VALID) + data.count(Kind.OUT_OF_ORDER);
        assertThat(data.count(Kind.OUT_OF_ORDER)).isBetween(valid / 12, valid / 8); // 10 % of valid ones
        assertThat(data.count(Kind.DUPLICATE)).isBetween(valid / 25, valid / 16); // 5 % of valid ones
        assertThat(data.count(Kind.LATE)).isEqualTo(200); // 2 % of events
        assertThat(data.count(Kind.CLOSING)).isEqualTo(5); // one per user
    }

    @Test
    void everyRecordIsWhatItSaysToTheJobsOwnDecoderAndValidator() {
        HealthEventDecoder decoder = new HealthEventDecoder();
        HealthEventValidator validator = new HealthEventValidator(SETTINGS.validation());
        long now = System.currentTimeMillis();

        for (Record record : data.all()) {
            HealthEventDecoder.Result decoded = decoder.decode(record.value());
            if (record.kind() == Kind.UNDECODABLE) {
                assertThat(decoded.failure()).as("%s", record).isPresent();
                continue;
            }
            assertThat(decoded.event()).as("%s", record).isEqualTo(record.event());
            List<Violation> violations = validator.violations(decoded.event().orElseThrow(), now);
            if (record.kind() == Kind.INVALID) {
                assertThat(violations)
                        .as("%s", record)
                        .extracting(Violation::rule)
                        .containsExactly(record.rejectedAs().orElseThrow());
            } else {
                assertThat(violations).as("%s", record).isEmpty();
            }
        }
    }

    @Test
    void duplicatesAreByteForByteCopiesOfEarlierMeasurements() {
        Set<String> earlier = new HashSet<>();
        for (Record record : data.onTime()) {
            if (record.kind() == Kind.DUPLICATE) {
                assertThat(earlier).contains(HexFormat.of().formatHex(record.value()));
            } else if (record.kind() == Kind.VALID || record.kind() == Kind.OUT_OF_ORDER) {
                assertThat(earlier.add(HexFormat.of().formatHex(record.value())))
                        .as("event ids are unique")
                        .isTrue();
            }
        }
    }

    @Test
    void noOnTimeMeasurementIsLateForAReaderInProductionOrder() {
        long outOfOrderness = SETTINGS.window().outOfOrderness().toMillis();
        long newest = Long.MIN_VALUE;
        for (Record record : data.onTime()) {
            if (record.kind() == Kind.VALID || record.kind() == Kind.OUT_OF_ORDER) {
                long time = record.event().orElseThrow().getEventTime().toEpochMilli();
                long watermark = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - outOfOrderness - 1;
                assertThat(time).as("%s", record).isGreaterThan(watermark);
                newest = Math.max(newest, time);
            }
        }
    }

    @Test
    void lateMeasurementsFallInWindowsTheClosingWatermarkHasPurged() {
        long closingWatermark = data.closingTime().toEpochMilli()
                - SETTINGS.window().outOfOrderness().toMillis()
                - 1;
        long size = SETTINGS.window().size().toMillis();
        for (Record record : data.late()) {
            long time = record.event().orElseThrow().getEventTime().toEpochMilli();
            long windowEnd = time - Math.floorMod(time, size) + size;
            assertThat(windowEnd - 1 + SETTINGS.window().allowedLateness().toMillis())
                    .as("%s", record)
                    .isLessThanOrEqualTo(closingWatermark);
        }
    }

    @Test
    void expectedAggregatesCountEveryDistinctValidMeasurementOnce() {
        long counted = data.expectedAggregates().stream()
                .mapToLong(HealthAggregate::getCount)
                .sum();

        assertThat(counted).isEqualTo(data.count(Kind.VALID) + data.count(Kind.OUT_OF_ORDER));
        assertThat(data.expectedAggregates()).noneMatch(data::isClosingWindow);
        assertThat(data.expectedAggregates()).allSatisfy(aggregate -> {
            assertThat(aggregate.getMin()).isLessThanOrEqualTo(aggregate.getMean());
            assertThat(aggregate.getMean()).isLessThanOrEqualTo(aggregate.getMax());
        });
    }

    @Test
    void expectedDeadLettersCoverEveryRejectedRecord() {
        assertThat(data.expectedDeadLetters())
                .hasSize((int) (data.count(Kind.UNDECODABLE) + data.count(Kind.INVALID) + data.count(Kind.LATE)));
        assertThat(data.expectedDeadLetters())
                .extracting(HealthEventGenerator.ExpectedDeadLetter::rule)
                .contains(
                        DeadLetterReason.UNDECODABLE,
                        DeadLetterReason.REQUIRED_FIELD,
                        DeadLetterReason.UNIT,
                        DeadLetterReason.FINITE_VALUE,
                        DeadLetterReason.RANGE,
                        DeadLetterReason.FUTURE_EVENT_TIME,
                        DeadLetterReason.LATE);
    }

    @Test
    void aggregateDifferencesNameWhatIsMissingDuplicatedOrWrong() {
        List<HealthAggregate> actual = new ArrayList<>(data.expectedAggregates());
        assertThat(data.aggregateDifferences(actual)).isEmpty();

        HealthAggregate missing = actual.remove(0);
        HealthAggregate duplicated = actual.get(0);
        actual.add(duplicated);
        actual.set(
                1,
                HealthAggregate.newBuilder(actual.get(1))
                        .setCount(actual.get(1).getCount() + 1)
                        .build());

        assertThat(data.aggregateDifferences(actual))
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).startsWith("missing " + missing.getUserId()))
                .anySatisfy(line -> assertThat(line).startsWith("emitted 2 times: "))
                .anySatisfy(line -> assertThat(line).startsWith("expected ").contains(" but was "));
    }

    @Test
    void sharesOutsideZeroToOneAreRejected() {
        assertThatThrownBy(() -> HealthEventGenerator.builder(SETTINGS).duplicates(1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> hex(List<Record> records) {
        return records.stream()
                .map(record -> HexFormat.of().formatHex(record.value()))
                .toList();
    }
}
