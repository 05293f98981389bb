package io.flinkstarters.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.config.CorpusCase.Expect;
import io.flinkstarters.config.CorpusRunner.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** The corpus' judge can fail: each way a subject could get a case wrong is caught (negative controls). */
class CorpusRunnerTest {

    private static final String SECRET = ConfigurationCorpus.SECRET + "-control";

    @TempDir
    Path dir;

    private static CorpusCase rejected(String hocon, String key, String origin) {
        return new CorpusCase("control", Expect.REJECTED, hocon, Map.of(), Map.of(), key, origin, null);
    }

    private CorpusRunner.Result run(CorpusCase corpusCase, CorpusRunner.Subject subject) {
        return CorpusRunner.run(dir, List.of(corpusCase), subject, null);
    }

    @Test
    void aSubjectThatPrintsTheSecretLeaks() {
        CorpusRunner.Result result = run(
                new CorpusCase(
                        "control", Expect.VALID, "a = \"" + SECRET + "\"\n", Map.of(), Map.of(), null, null, null),
                config -> new CorpusRunner.Accepted(List.of(), List.of(config.getString("a")), config));

        assertThat(result.count(Verdict.LEAK)).isEqualTo(1);
    }

    @Test
    void aSecretInTheLogsLeaksToo() {
        CorpusRunner.Result result = run(
                new CorpusCase(
                        "control", Expect.VALID, "a = \"" + SECRET + "\"\n", Map.of(), Map.of(), null, null, null),
                config -> {
                    LoggerFactory.getLogger("corpus.control").info("a is {}", config.getString("a"));
                    return new CorpusRunner.Accepted(List.of(), List.of(), config);
                });

        assertThat(result.count(Verdict.LEAK)).isEqualTo(1);
    }

    @Test
    void aSubjectThatAcceptsABrokenCaseIsCaught() {
        CorpusRunner.Result result = run(
                rejected("flink.checkpoint.interval = soon\n", "flink.checkpoint.interval", "line:1"),
                config -> new CorpusRunner.Accepted(List.of(), List.of(), config));

        assertThat(result.count(Verdict.BROKEN_ACCEPTED)).isEqualTo(1);
    }

    @Test
    void aProblemWithoutTheKeyOrTheOriginIsUnclear() {
        CorpusRunner.Subject vague = config -> {
            throw new InvalidConfigurationException(
                    List.of(new Problem("flink.checkpoint", "(missing)", "not set", "must be a positive duration")));
        };

        CorpusRunner.Result result =
                run(rejected("flink.checkpoint.interval = soon\n", "flink.checkpoint.interval", "line:1"), vague);

        assertThat(result.count(Verdict.UNCLEAR)).isEqualTo(2);
    }

    @Test
    void aRejectionAtTheWrongLineIsUnclear() {
        CorpusRunner.Result result =
                run(rejected("\nflink.checkpoint.interval = soon\n", "flink.checkpoint.interval", "line:1"), config -> {
                    ConfigReader reader = new ConfigReader(config);
                    reader.positiveDuration("flink.checkpoint.interval");
                    reader.throwIfInvalid();
                    return new CorpusRunner.Accepted(List.of(), List.of(), config);
                });

        assertThat(result.count(Verdict.UNCLEAR)).isEqualTo(1);
    }

    @Test
    void theStartersOwnReaderPassesTheSameCase() {
        CorpusRunner.Result result =
                run(rejected("flink.checkpoint.interval = soon\n", "flink.checkpoint.interval", "line:1"), config -> {
                    ConfigReader reader = new ConfigReader(config);
                    reader.positiveDuration("flink.checkpoint.interval");
                    reader.throwIfInvalid();
                    return new CorpusRunner.Accepted(List.of(), List.of(), config);
                });

        assertThat(result.failures()).isEmpty();
    }
}
