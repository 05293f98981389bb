package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnknownKeysTest {

    @TempDir
    Path dir;

    private ConfigReader check(String hocon) {
        ConfigReader reader = new ConfigReader(TestConfigs.load(dir, hocon));
        reader.checkUnknownKeys("flink");
        return reader;
    }

    @Test
    void typoIsAnErrorWithASuggestion() {
        ConfigReader reader = check("flink.checkpoint.intreval = 5s\n");

        assertThat(reader.problems())
                .singleElement()
                .hasToString("flink.checkpoint.intreval = 5s (" + dir.resolve("application.conf")
                        + ":1): is not a known key; did you mean flink.checkpoint.interval?");
    }

    @Test
    void nestedTyposAndTypoedSectionsAreFound() {
        ConfigReader reader = check("""
                flink.checkpoint.state-backend.incremntal = false
                flink.checkpiont.interval = 5s
                """);

        assertThat(reader.problems())
                .extracting(Problem::toString)
                .anyMatch(text -> text.contains("flink.checkpoint.state-backend.incremntal = false")
                        && text.contains("did you mean flink.checkpoint.state-backend.incremental?"))
                .anyMatch(text -> text.contains("flink.checkpiont = {\"interval\":\"5s\"}")
                        && text.contains("did you mean flink.checkpoint?"));
    }

    @Test
    void farOffKeyListsTheKnownOnes() {
        ConfigReader reader = check("flink.checkpoint.storage.bucket-name = x\n");

        assertThat(reader.problems())
                .singleElement()
                .extracting(Problem::message)
                .asString()
                .contains("known keys under flink.checkpoint.storage are dir, savepoint-dir");
    }

    @Test
    void warnSwitchTurnsUnknownKeysIntoWarnings() {
        ConfigReader reader = check("flink.starters.unknown-keys = warn\nflink.checkpoint.intreval = 5s\n");

        assertThat(reader.problems()).isEmpty();
        assertThat(reader.warnings()).singleElement().extracting(Problem::key).isEqualTo("flink.checkpoint.intreval");
    }

    @Test
    void passThroughSectionAcceptsAnyKey() {
        ConfigReader reader =
                check("flink.conf { \"pipeline.max-parallelism\" = 128, taskmanager.numberOfTaskSlots = 2 }\n");

        assertThat(reader.problems()).isEmpty();
    }

    @Test
    void keysOutsideTheCheckedRootsAreLeftAlone() {
        assertThat(check("kafka.bootstrap-servers = \"localhost:9092\"\n").problems())
                .isEmpty();
    }
}
