package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import io.flinkstarters.config.ConfigurationCorpus;
import io.flinkstarters.config.CorpusCase;
import io.flinkstarters.config.CorpusCase.Expect;
import io.flinkstarters.config.CorpusRunner;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The health job's configuration corpus: every {@code health.*} key fuzzed like the starters' (see
 * {@link ConfigurationCorpus}), plus Kafka client properties carrying secrets; no planted secret may
 * be printed and every broken case must be rejected clearly. No broker is contacted (preflight off).
 */
class HealthConfigurationCorpusTest {

    static final long SEED = Long.getLong("corpus.seed", 20261201L);

    @TempDir
    Path dir;

    private List<String> base() {
        return List.of(
                "flink.checkpoint.storage.dir = \"" + dir.resolve("checkpoints").toUri() + "\"",
                "flink.starters.preflight.enabled = false");
    }

    /** Kafka client properties, where the job's credentials live. */
    private List<CorpusCase> kafkaProperties() {
        String properties = HealthJobSettings.KAFKA_PROPERTIES;
        String secret = ConfigurationCorpus.SECRET + "-kafka";
        String jaas =
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\\\"job\\\" password=\\\""
                        + secret + "-jaas\\\";";
        return List.of(
                handMade("kafka-jaas", Expect.VALID, null, properties + " { \"sasl.jaas.config\" = \"" + jaas + "\" }"),
                handMade(
                        "kafka-jaas-nested",
                        Expect.VALID,
                        null,
                        properties + " { sasl.jaas.config = \"" + jaas + "\" }"),
                handMade(
                        "kafka-truststore",
                        Expect.VALID,
                        null,
                        properties + " { \"ssl.truststore.password\" = \"" + secret + "-1\", \"ssl.key.password\" = \""
                                + secret + "-2\" }"),
                handMade(
                        "kafka-basic-auth",
                        Expect.VALID,
                        null,
                        properties + " { \"basic.auth.user.info\" = \"job:" + secret + "-3\" }"),
                handMade(
                        "kafka-owned-property",
                        Expect.REJECTED,
                        properties + ".\"bootstrap.servers\"",
                        properties + " { \"bootstrap.servers\" = \"other:9092\", \"sasl.jaas.config\" = \"" + jaas
                                + "\" }"),
                handMade(
                        "kafka-jaas-and-a-broken-window",
                        Expect.REJECTED,
                        HealthJobSettings.WINDOW_SIZE,
                        properties + " { \"sasl.jaas.config\" = \"" + jaas + "\" }\n" + HealthJobSettings.WINDOW_SIZE
                                + " = -1m"),
                handMade(
                        "flink-conf-owned-by-the-job",
                        Expect.REJECTED,
                        "flink.conf.\"pipeline.max-parallelism\"",
                        "flink.conf { \"pipeline.max-parallelism\" = 64 }"));
    }

    private CorpusCase handMade(String name, Expect expect, String key, String lines) {
        return new CorpusCase(
                name, expect, String.join("\n", base()) + "\n" + lines + "\n", Map.of(), Map.of(), key, null, null);
    }

    @Test
    void everyCaseIsJudgedAsItMustBe() {
        List<CorpusCase> cases = new ArrayList<>(ConfigurationCorpus.generate(
                List.of("flink", HealthJobSettings.PREFIX),
                List.of(HealthJobSettings.PREFIX),
                HealthJobSettings.TABLE,
                base(),
                false,
                SEED));
        cases.addAll(kafkaProperties());

        CorpusRunner.Result result = CorpusRunner.run(
                dir,
                cases,
                config -> {
                    HealthJobStartup startup = HealthJobStartup.load(config);
                    return new CorpusRunner.Accepted(
                            startup.starters().warnings(),
                            List.of(startup.starters().describe(), startup.toString()),
                            startup);
                },
                null);

        assertThat(cases).hasSizeGreaterThanOrEqualTo(300);
        assertThat(result.failures()).as(result.summary()).isEmpty();
        System.out.println("Health job configuration corpus (seed " + SEED + "): " + result.summary());
    }
}
