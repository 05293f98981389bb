package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
                .hasToString("flink.checkpoint.intreval (" + dir.resolve("application.conf")
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
                .anyMatch(text -> text.startsWith("flink.checkpoint.state-backend.incremntal (")
                        && text.contains("did you mean flink.checkpoint.state-backend.incremental?"))
                .anyMatch(text ->
                        text.startsWith("flink.checkpiont (") && text.contains("did you mean flink.checkpoint?"));
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

    @Test
    void anUnknownKeyIsNeverShownWithItsValue() {
        ConfigReader reader = check("""
                flink.checkpoint.s3.acess-key = AKIA-PLANTED-SECRET
                flink.checkpoint.s4 { secret-key = PLANTED-SECRET-TOO }
                """);

        assertThat(reader.problems())
                .extracting(Problem::toString)
                .containsExactlyInAnyOrder(
                        "flink.checkpoint.s3.acess-key (" + dir.resolve("application.conf")
                                + ":1): is not a known key; did you mean flink.checkpoint.s3.access-key?",
                        "flink.checkpoint.s4 (" + dir.resolve("application.conf")
                                + ":2): is not a known key; did you mean flink.checkpoint.s3?");
    }

    @Test
    void aSingleValueWhereABlockBelongsIsOneProblemNamingTheUsersLine() {
        ConfigReader reader = check("flink.checkpoint = 5\n");
        reader.read("flink.checkpoint.interval", SettingType.positiveDuration());

        assertThat(reader.problems())
                .singleElement()
                .asString()
                .startsWith(
                        "flink.checkpoint = 5 (" + dir.resolve("application.conf") + ":1): must be a block of settings,"
                                + " flink.checkpoint { ... }, not a single value (its keys: enabled, file-merging,"
                                + " interval,");
        assertThat(reader.valid("flink.checkpoint.interval")).isFalse();
    }

    @Test
    void aSingleValueForABlockThatMayHoldSecretsIsMasked() {
        ConfigReader reader =
                check("flink.checkpoint.s3 = \"AKIA-PLANTED-SECRET\"\nflink.conf = \"pipeline.name=x\"\n");

        assertThat(reader.problems()).extracting(Problem::value).containsExactly(Secret.MASK, Secret.MASK);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "flinkk.checkpoint.interval = 5s | flinkk | did you mean flink?",
                "Flink.checkpoint.interval = 5s | Flink | did you mean flink?",
                "\"flink.checkpoint.interval\" = 5s | \"flink.checkpoint.interval\" | not the path flink.checkpoint.interval; remove the quotes",
                "flink.checkpoint { \"state-backend.type\" = hashmap } | flink.checkpoint.\"state-backend.type\" | not the path flink.checkpoint.state-backend.type",
            })
    void rootsAndPathsThatMissOursAreTypos(String hocon, String key, String message) {
        ConfigReader reader = check(hocon + "\n");

        assertThat(reader.problems()).singleElement().satisfies(problem -> {
            assertThat(problem.key()).isEqualTo(key);
            assertThat(problem.value()).isNull();
            assertThat(problem.origin()).isEqualTo(dir.resolve("application.conf") + ":1");
            assertThat(problem.message()).contains(message);
        });
    }

    @Test
    void otherRootsAreLeftAloneEvenWhenTheyAreWordsLikeOurs() {
        assertThat(check("kafka { x = 1 }\nflinkstarters-demo = 2\nblink = 3\nfling = 4\n")
                        .problems())
                .isEmpty();
    }
}
