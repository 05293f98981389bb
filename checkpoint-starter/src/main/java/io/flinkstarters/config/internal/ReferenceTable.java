package io.flinkstarters.config.internal;

import io.flinkstarters.config.Setting;
import io.flinkstarters.config.SettingsTable;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.annotation.Internal;

/**
 * The configuration reference in docs/, generated from {@code reference.conf} so it cannot drift:
 * a Markdown table of keys, and the region of a document that holds it.
 */
@Internal
public final class ReferenceTable {

    private ReferenceTable() {}

    /**
     * A Markdown table: key, default, environment variable, what is allowed and the Flink option it
     * feeds (from the key's row in {@code table}), description.
     */
    public static String markdown(List<ReferenceCatalog.Entry> entries, SettingsTable table) {
        StringBuilder markdown = new StringBuilder(
                "| Key | Default | Environment variable | Allowed | Flink option | Description |\n|---|---|---|---|---|---|\n");
        for (ReferenceCatalog.Entry entry : entries) {
            Optional<Setting<?>> row = table.row(entry.path());
            markdown.append("| `")
                    .append(entry.path())
                    .append("` | `")
                    .append(entry.defaultValue())
                    .append("` | ")
                    .append(entry.envVar().map(name -> "`" + name + "`").orElse(""))
                    .append(" | ")
                    .append(row.map(setting -> setting.type().allowed()).orElse(""))
                    .append(" | ")
                    .append(row.map(ReferenceTable::flinkOptions).orElse(""))
                    .append(" | ")
                    .append(entry.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return markdown.toString();
    }

    /** {@code `execution.checkpointing.num-retained` (cluster)}: the options a row owns. */
    private static String flinkOptions(Setting<?> row) {
        String options =
                row.options().stream().map(option -> "`" + option.key() + "`").collect(Collectors.joining(", "));
        return options.isEmpty() || !row.isClusterLevel() ? options : options + " (cluster)";
    }

    /** A Markdown table: key, default, environment variable, description. */
    public static String markdown(List<ReferenceCatalog.Entry> entries) {
        StringBuilder table =
                new StringBuilder("| Key | Default | Environment variable | Description |\n|---|---|---|---|\n");
        for (ReferenceCatalog.Entry entry : entries) {
            table.append("| `")
                    .append(entry.path())
                    .append("` | `")
                    .append(entry.defaultValue())
                    .append("` | ")
                    .append(entry.envVar().map(name -> "`" + name + "`").orElse(""))
                    .append(" | ")
                    .append(entry.description().replace("|", "\\|"))
                    .append(" |\n");
        }
        return table.toString();
    }

    /**
     * The text between {@code <!-- generated: NAME -->} and {@code <!-- end generated -->} in a
     * document, or {@code null} when the markers are missing.
     */
    public static String generatedRegion(String document, String name) {
        Matcher matcher = region(name).matcher(document);
        return matcher.find() ? matcher.group(2) : null;
    }

    /** The document with its generated region replaced by {@code content}. */
    public static String withGeneratedRegion(String document, String name, String content) {
        Matcher matcher = region(name).matcher(document);
        if (!matcher.find()) {
            throw new IllegalArgumentException("no <!-- generated: " + name + " --> ... <!-- end generated --> region");
        }
        return document.substring(0, matcher.start(2)) + content + document.substring(matcher.end(2));
    }

    private static Pattern region(String name) {
        return Pattern.compile(
                "(<!-- generated: " + Pattern.quote(name) + " -->\\n)(.*?)(<!-- end generated -->)", Pattern.DOTALL);
    }
}
