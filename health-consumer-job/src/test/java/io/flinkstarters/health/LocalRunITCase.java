package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The documented local run, in a short mode: it must end by itself and find its output exact. */
class LocalRunITCase {

    @TempDir
    Path dir;

    @Test
    void aShortLocalRunEndsWithAnExactSummary() {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        LocalRun.Options options = LocalRun.Options.parse(
                "--events", "1500", "--rate", "3000", "--timeout", "2m", "--dir", dir.toString());

        int exitCode = new LocalRun(options, new PrintStream(output, true, StandardCharsets.UTF_8)).run();

        String printed = output.toString(StandardCharsets.UTF_8);
        System.out.print(printed);
        assertThat(exitCode).as(printed).isEqualTo(LocalRun.EXACT);
        assertThat(printed)
                .contains("events in ")
                .contains("committed: aggregates")
                .contains("== Summary ==")
                .containsPattern("dead letters +\\d+ committed, \\d+ expected: .*late \\d+")
                .contains("RESULT: EXACT");
        assertThat(dir.resolve("checkpoints")).isNotEmptyDirectory();
    }

    @Test
    void optionsHaveDefaultsAndADurationSetsTheNumberOfEvents() {
        assertThat(LocalRun.Options.parse().events()).isEqualTo(10_000);
        assertThat(LocalRun.Options.parse("--duration", "30s", "--rate", "200").events())
                .isEqualTo(6_000);
    }
}
