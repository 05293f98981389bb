package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsTableTest {

    private static final ConfigOption<Duration> PAUSE =
            ConfigOptions.key("demo.pause").durationType().noDefaultValue();
    private static final ConfigOption<String> MODE =
            ConfigOptions.key("demo.mode").stringType().noDefaultValue().withDeprecatedKeys("demo.old-mode");
    private static final ConfigOption<String> NAME =
            ConfigOptions.key("demo.name").stringType().noDefaultValue();
    private static final ConfigOption<Integer> SLOTS =
            ConfigOptions.key("demo.slots").intType().noDefaultValue();

    private enum Speed {
        SLOW,
        FAST
    }

    private static final Setting<Speed> SPEED = Setting.of("app.speed", SettingType.choice(Speed.class))
            .writes(MODE, speed -> speed.name().toLowerCase());
    private static final Setting<Duration> APP_PAUSE = Setting.of("app.pause", SettingType.nonNegativeDuration())
            .writes(PAUSE)
            .onlyWhen(SPEED, Speed.SLOW);
    private static final Setting<Optional<String>> APP_NAME =
            Setting.of("app.name", SettingType.optionalString()).writes(NAME, name -> name.orElse(null));
    private static final Setting<Integer> APP_SLOTS =
            Setting.of("app.slots", SettingType.wholeNumber(1)).controls(SLOTS).clusterLevel();
    private static final SettingsTable TABLE = SettingsTable.of(SPEED, APP_PAUSE, APP_NAME, APP_SLOTS);

    @TempDir
    Path dir;

    private ConfigReader reader(String hocon) {
        return new ConfigReader(
                TestConfigs.load(dir, "app { speed = slow, pause = 1s, name = null, slots = 2 }\n" + hocon));
    }

    @Test
    void rowsThatMapOneToOneAreWrittenConvertedAndOnlyWhenTheyApply() {
        Configuration slow = new Configuration();
        TABLE.write(TABLE.read(reader("")), slow);
        Configuration fast = new Configuration();
        TABLE.write(TABLE.read(reader("app { speed = fast, name = demo }")), fast);

        assertThat(slow.toMap()).containsOnly(Map.entry("demo.mode", "slow"), Map.entry("demo.pause", "1 s"));
        assertThat(fast.toMap()).containsOnly(Map.entry("demo.mode", "fast"), Map.entry("demo.name", "demo"));
    }

    @Test
    void aRowSetWhereItCannotApplyIsReportedAsIgnored() {
        ConfigReader reader = reader("app.speed = fast\n");

        TABLE.warnIgnored(reader, TABLE.read(reader));

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings())
                .singleElement()
                .asString()
                .startsWith("app.pause = 1s (" + dir.resolve("application.conf") + ":1): is ignored:")
                .contains("it applies only when app.speed = slow, and app.speed = fast (");
    }

    @Test
    void everyOwnedFlinkKeyNamesItsRowIncludingDeprecatedSpellings() {
        assertThat(TABLE.ownerByFlinkKey())
                .containsOnly(
                        Map.entry("demo.mode", "app.speed"),
                        Map.entry("demo.old-mode", "app.speed"),
                        Map.entry("demo.pause", "app.pause"),
                        Map.entry("demo.name", "app.name"),
                        Map.entry("demo.slots", "app.slots"));
    }

    @Test
    void clusterPartKeepsOnlyClusterLevelOptions() {
        Configuration all = new Configuration();
        all.set(SLOTS, 2);
        all.set(NAME, "demo");

        assertThat(TABLE.clusterPart(all).toMap()).containsOnly(Map.entry("demo.slots", "2"));
        assertThat(TABLE.clusterOptions()).containsExactly(SLOTS);
    }

    @Test
    void rowsPrintAsTheirKey() {
        assertThat("see " + APP_PAUSE).isEqualTo("see app.pause");
    }
}
