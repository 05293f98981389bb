package io.flinkstarters.config.internal;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.annotation.Internal;

/**
 * The configuration reference in docs/, generated from {@code reference.conf} so it cannot drift:
 * a Markdown table of keys, and the region of a document that holds it.
 */
@Internal
public final class ReferenceTable {

    private ReferenceTable() {}

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
