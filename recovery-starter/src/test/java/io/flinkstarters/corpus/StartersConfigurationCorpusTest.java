package io.flinkstarters.corpus;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.FlinkStarters;
import io.flinkstarters.StarterSettings;
import io.flinkstarters.config.ConfigurationCorpus;
import io.flinkstarters.config.CorpusCase;
import io.flinkstarters.config.CorpusRunner;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The starters' configuration corpus (see {@link ConfigurationCorpus}): hundreds of configurations
 * derived from reference.conf, each accepted or rejected as it must be, clearly, without printing a
 * planted secret, and accepted by Flink itself whenever the starters accept it. Another seed:
 * {@code -Dcorpus.seed=N}.
 */
class StartersConfigurationCorpusTest {

    static final long SEED = Long.getLong("corpus.seed", 20261201L);

    @TempDir
    Path dir;

    /** The keys every case starts from: storage for the retained checkpoints, no probing of it. */
    static List<String> base(Path dir) {
        return List.of(
                "flink.checkpoint.storage.dir = \"" + dir.resolve("checkpoints").toUri() + "\"",
                "flink.starters.preflight.enabled = false");
    }

    static List<CorpusCase> corpus(Path dir) {
        return ConfigurationCorpus.generate(
                List.of("flink"),
                List.of("flink.starters", "flink.checkpoint", "flink.recovery", "flink.metrics"),
                FlinkStarters.settingsTable(),
                base(dir),
                true,
                SEED);
    }

    static CorpusRunner.Accepted accept(StarterSettings settings) {
        return new CorpusRunner.Accepted(
                settings.warnings(), List.of(settings.describe(), settings.toString()), settings);
    }

    @Test
    void everyCaseIsJudgedAsItMustBe() {
        List<CorpusCase> cases = corpus(dir);

        CorpusRunner.Result result = CorpusRunner.run(
                dir,
                cases,
                config -> accept(FlinkStarters.settings(config)),
                settings -> FlinkAcceptance.check((StarterSettings) settings));

        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(result.failures()).as(result.summary()).isEmpty();
        System.out.println("Starters configuration corpus (seed " + SEED + "): " + result.summary());
    }
}
