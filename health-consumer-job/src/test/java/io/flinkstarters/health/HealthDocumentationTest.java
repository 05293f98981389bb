package io.flinkstarters.health;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.config.ConfigLoader;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.internal.ReferenceCatalog;
import io.flinkstarters.config.internal.ReferenceTable;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * Keeps docs/HEALTH_CONSUMER.md true to the code: its configuration reference is generated from the
 * job's reference.conf, every key is documented, and the example configuration it shows is valid.
 * (Its code snippets are checked by recovery-starter's DocumentationTest, like every doc's.)
 *
 * Run with {@code -Ddocs.update=true} to rewrite the reference from reference.conf instead of failing.
 */
class HealthDocumentationTest {

    private static final Path DOC = Path.of("..").toAbsolutePath().normalize().resolve("docs/HEALTH_CONSUMER.md");
    private static final boolean UPDATE = Boolean.getBoolean("docs.update");
    private static final String REFERENCE = "health-configuration-reference";

    @Test
    void configurationReferenceIsGeneratedFromReferenceConf() throws IOException {
        String text = Files.readString(DOC);
        String expected = ReferenceTable.markdown(catalog(), HealthJobSettings.TABLE);

        if (UPDATE) {
            Files.writeString(DOC, ReferenceTable.withGeneratedRegion(text, REFERENCE, expected));
        }
        assertThat(UPDATE ? expected : ReferenceTable.generatedRegion(text, REFERENCE))
                .as("configuration reference in docs/HEALTH_CONSUMER.md (run with -Ddocs.update=true to refresh)")
                .isEqualTo(expected);
    }

    @Test
    void everyKeyIsARowOfTheJobsSettingsTableAndEveryRowAKey() {
        assertThat(HealthJobSettings.TABLE.rows().stream().map(Setting::key))
                .containsExactlyInAnyOrderElementsOf(
                        catalog().stream().map(ReferenceCatalog.Entry::path).toList());
    }

    @Test
    void everyKeyIsCommentedInReferenceConf() {
        assertThat(catalog())
                .isNotEmpty()
                .allSatisfy(entry ->
                        assertThat(entry.description()).as(entry.path()).isNotBlank());
    }

    @Test
    void theDocumentedExampleConfigurationIsValid() throws URISyntaxException {
        Path example = Path.of(Objects.requireNonNull(getClass().getResource("/examples/health-consumer.conf"))
                .toURI());

        HealthJobSettings settings = HealthJobSettings.from(ConfigLoader.load(example, Map.of()));

        assertThat(settings.window().size()).isEqualTo(Duration.ofMinutes(5));
        assertThat(settings.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(10));
        // ${?KAFKA_SASL_JAAS_CONFIG} is resolved from the real environment: absent here, so the key is left out.
        assertThat(settings.kafka().properties())
                .containsEntry("security.protocol", "SASL_SSL")
                .doesNotContainKey("sasl.jaas.config");
        assertThat(settings.parallelism()).contains(6);
    }

    @Test
    void theDocumentationNamesEveryOperatorId() throws IOException {
        String doc = Files.readString(DOC);

        assertThat(List.of(
                        OperatorIds.EVENTS_SOURCE,
                        OperatorIds.DECODE,
                        OperatorIds.VALIDATE,
                        OperatorIds.EVENT_TIME,
                        OperatorIds.DEDUPLICATE,
                        OperatorIds.WINDOW_AGGREGATE,
                        OperatorIds.LATE_EVENTS,
                        OperatorIds.COUNT_DEAD_LETTERS,
                        OperatorIds.AGGREGATES_SINK,
                        OperatorIds.DEAD_LETTERS_SINK))
                .allSatisfy(uid -> assertThat(doc).contains(uid));
        assertThat(List.of(DeadLetterReason.values()))
                .allSatisfy(reason -> assertThat(doc).contains("`" + reason.id() + "`"));
    }

    private static List<ReferenceCatalog.Entry> catalog() {
        return ReferenceCatalog.of(ConfigFactory.defaultReference()).entriesUnder(HealthJobSettings.PREFIX);
    }
}
