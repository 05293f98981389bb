package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingTypeTest {

    /** Reads {@code value = <hocon>} with a type; the problem, if any, is the reader's only one. */
    private static <T> ConfigReader read(String hocon, SettingType<T> type) {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("value = " + hocon));
        reader.read("value", type);
        return reader;
    }

    private static <T> T value(String hocon, SettingType<T> type) {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseString("value = " + hocon));
        T value = reader.read("value", type);
        assertThat(reader.problems()).as(hocon).isEmpty();
        return value;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.5", "\"1.5\"", "1e-1", "3000000000", "\"many\""})
    void wholeNumbersAreNeverTruncated(String hocon) {
        assertThat(read(hocon, SettingType.wholeNumber(0)).problems())
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("must be a whole number of at least 0");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"1e3, 1000", "\"7\", 7", "0, 0"})
    void wholeNumbersInAnySpelling(String hocon, int expected) {
        assertThat(value(hocon, SettingType.wholeNumber(0))).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.5", "\"1500.5\"", "10500us", "1.0000001s"})
    void durationsBelowAMillisecondAreRejectedNotDropped(String hocon) {
        assertThat(read(hocon, SettingType.positiveDuration()).problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("must be a positive duration, in whole milliseconds");
    }

    @ParameterizedTest(name = "{0} = {1}")
    @CsvSource({"1500, PT1.5S", "\"1500\", PT1.5S", "1.5s, PT1.5S", "10ms, PT0.01S", "1m, PT1M"})
    void durationsInWholeMilliseconds(String hocon, Duration expected) {
        assertThat(value(hocon, SettingType.durationAtLeast(Duration.ofMillis(10))))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9ms", "0", "-1s"})
    void durationBelowTheMinimumNamesIt(String hocon) {
        assertThat(read(hocon, SettingType.durationAtLeast(Duration.ofMillis(10)))
                        .problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .startsWith("must be a duration of at least 10ms, in whole milliseconds (e.g. 500ms");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1.0", "1", "0.5", "\"NaN\"", "\"Infinity\""})
    void numberAboveExcludesTheBoundAndNonFiniteValues(String hocon) {
        assertThat(read(hocon, SettingType.numberAbove(1.0)).problems()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"\"\"", "\"   \"", "{ a = 1 }", "[a, b]"})
    void optionalStringsAreNonBlankStrings(String hocon) {
        assertThat(read(hocon, SettingType.optionalString()).problems())
                .singleElement()
                .extracting(Problem::message)
                .isEqualTo("must be a non-empty string or null");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"null", "x"})
    void optionalStringIsEmptyOnlyForNull(String hocon) {
        assertThat(value(hocon, SettingType.optionalString()))
                .isEqualTo(hocon.equals("null") ? Optional.empty() : Optional.of("x"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"maybe", "2", "{}"})
    void booleansAreTrueOrFalse(String hocon) {
        assertThat(read(hocon, SettingType.bool()).problems()).hasSize(1);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"5, ok", "0, must be at least one", "x, must be a whole number of at least 0"})
    void extraRulesHaveTheirOwnMessage(String hocon, String expected) {
        SettingType<Integer> type = SettingType.wholeNumber(0).where(value -> value > 0, "must be at least one");

        ConfigReader reader = read(hocon, type);

        assertThat(reader.problems().stream().map(Problem::message).findFirst().orElse("ok"))
                .isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"exactly-once", "EXACTLY_ONCE", "\" Exactly-Once \""})
    void choicesAcceptHoconAndConstantSpelling(String hocon) {
        assertThat(value(hocon, SettingType.choice(Mode.class)).name()).isNotEmpty();
    }

    /** A test enum with a HOCON spelling. */
    private enum Mode {
        EXACTLY_ONCE
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"9ms", "0"})
    void rejectedValueReadsAsTheReferenceDefault(String hocon) {
        ConfigReader reader = new ConfigReader(ConfigFactory.parseMap(Map.of("flink.checkpoint.interval", hocon)));

        assertThat(reader.read("flink.checkpoint.interval", SettingType.durationAtLeast(Duration.ofMillis(10))))
                .hasSeconds(60);
        assertThat(reader.valid("flink.checkpoint.interval")).isFalse();
    }
}
