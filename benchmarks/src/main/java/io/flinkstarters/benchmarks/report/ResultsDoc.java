package io.flinkstarters.benchmarks.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * docs/BENCHMARKS.md with generated regions: each benchmark owns the text between
 * {@code <!-- bench:NAME:begin -->} and {@code <!-- bench:NAME:end -->} and replaces only that, so the
 * hand-written explanations around the tables survive every run.
 */
public final class ResultsDoc {

    private final Path file;

    public ResultsDoc(Path file) {
        this.file = file;
    }

    public void replace(String name, String content) {
        String begin = "<!-- bench:" + name + ":begin -->";
        String end = "<!-- bench:" + name + ":end -->";
        try {
            String doc = Files.exists(file) ? Files.readString(file) : "";
            int from = doc.indexOf(begin);
            int to = doc.indexOf(end);
            String region = begin + "\n" + content.strip() + "\n" + end;
            String updated = from >= 0 && to > from
                    ? doc.substring(0, from) + region + doc.substring(to + end.length())
                    : doc + (doc.endsWith("\n") || doc.isEmpty() ? "" : "\n") + "\n" + region + "\n";
            Files.writeString(file, updated);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
    }
}
