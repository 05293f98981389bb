package io.flinkstarters.docs;

import static org.assertj.core.api.Assertions.assertThat;

import com.typesafe.config.ConfigFactory;
import io.flinkstarters.FlinkStarters;
import io.flinkstarters.config.Setting;
import io.flinkstarters.config.internal.ReferenceCatalog;
import io.flinkstarters.config.internal.ReferenceTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps README.md and docs/ true to the code:
 *
 * <ul>
 *   <li>every fenced block preceded by {@code <!-- snippet: path[#tag] -->} must equal that file
 *       (or its {@code tag::NAME[]} ... {@code end::NAME[]} region), so examples are compiled, tested code;
 *   <li>the configuration reference between {@code <!-- generated: configuration-reference -->} and
 *       {@code <!-- end generated -->} must equal the table generated from the reference.conf files.
 * </ul>
 *
 * Run with {@code -Ddocs.update=true} to rewrite the docs from the sources instead of failing.
 */
class DocumentationTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final boolean UPDATE = Boolean.getBoolean("docs.update");
    private static final Pattern SNIPPET =
            Pattern.compile("(<!-- snippet: ([^#\\s]+)(?:#([\\w-]+))? -->\\n```\\w*\\n)(.*?)(```)", Pattern.DOTALL);
    private static final String REFERENCE = "configuration-reference";

    @Test
    void snippetsEqualTheirSources() throws IOException {
        List<String> stale = new ArrayList<>();
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            Matcher matcher = SNIPPET.matcher(text);
            StringBuilder updated = new StringBuilder();
            while (matcher.find()) {
                String expected = snippet(matcher.group(2), matcher.group(3));
                if (!matcher.group(4).equals(expected)) {
                    stale.add(ROOT.relativize(doc) + ": snippet " + matcher.group(2)
                            + (matcher.group(3) == null ? "" : "#" + matcher.group(3)));
                }
                matcher.appendReplacement(
                        updated, Matcher.quoteReplacement(matcher.group(1) + expected + matcher.group(5)));
            }
            matcher.appendTail(updated);
            rewriteIfAsked(doc, text, updated.toString());
        }
        assertThat(UPDATE ? List.of() : stale)
                .as("snippets that differ from their sources (run with -Ddocs.update=true to refresh)")
                .isEmpty();
    }

    @Test
    void configurationReferenceIsGeneratedFromReferenceConf() throws IOException {
        Path doc = ROOT.resolve("docs/CHECKPOINT_RECOVERY.md");
        String text = Files.readString(doc);
        String expected = ReferenceTable.markdown(catalog(), FlinkStarters.settingsTable());

        rewriteIfAsked(doc, text, ReferenceTable.withGeneratedRegion(text, REFERENCE, expected));
        assertThat(UPDATE ? expected : ReferenceTable.generatedRegion(text, REFERENCE))
                .as("configuration reference in docs/CHECKPOINT_RECOVERY.md (run with -Ddocs.update=true to refresh)")
                .isEqualTo(expected);
    }

    @Test
    void everyDocumentedKeyExistsAndEveryKeyIsDocumented() throws IOException {
        String doc = Files.readString(ROOT.resolve("docs/CHECKPOINT_RECOVERY.md"));
        List<String> keys = catalog().stream().map(ReferenceCatalog.Entry::path).toList();

        assertThat(keys).allSatisfy(key -> assertThat(doc).contains("`" + key + "`"));
        assertThat(keys).contains("flink.checkpoint.interval", "flink.recovery.restore.from");
    }

    @Test
    void everyKeyIsARowOfTheSettingsTableAndEveryRowAKey() {
        List<String> keys = catalog().stream().map(ReferenceCatalog.Entry::path).toList();
        List<String> rows =
                FlinkStarters.settingsTable().rows().stream().map(Setting::key).toList();

        assertThat(rows).as("rows of the starters' settings tables").containsExactlyInAnyOrderElementsOf(keys);
    }

    private static List<ReferenceCatalog.Entry> catalog() {
        ReferenceCatalog catalog = ReferenceCatalog.of(ConfigFactory.defaultReference());
        return Stream.of("flink.starters", "flink.checkpoint", "flink.recovery", "flink.metrics")
                .flatMap(prefix -> catalog.entriesUnder(prefix).stream())
                .toList();
    }

    private static String snippet(String file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(ROOT.resolve(file));
        if (tag != null) {
            int start = indexOf(lines, "tag::" + tag + "[]", file);
            int end = indexOf(lines, "end::" + tag + "[]", file);
            lines = lines.subList(start + 1, end);
        }
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return lines.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent))
                .collect(Collectors.joining("\n", "", "\n"));
    }

    private static int indexOf(List<String> lines, String marker, String file) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(marker)) {
                return i;
            }
        }
        throw new AssertionError("no " + marker + " in " + file);
    }

    private static List<Path> documents() throws IOException {
        List<Path> documents = new ArrayList<>(List.of(ROOT.resolve("README.md")));
        try (Stream<Path> docs = Files.walk(ROOT.resolve("docs"))) {
            docs.filter(path -> path.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        return documents;
    }

    private static void rewriteIfAsked(Path doc, String before, String after) throws IOException {
        if (UPDATE && !before.equals(after)) {
            Files.writeString(doc, after);
        }
    }
}
