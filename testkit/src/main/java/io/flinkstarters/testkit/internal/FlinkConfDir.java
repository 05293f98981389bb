package io.flinkstarters.testkit.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.annotation.Internal;

/**
 * A Flink configuration directory as the processes read it: {@code config.yaml} (Flink 2.x reads
 * only this file) and the log4j2 configuration every process logs to its own file with.
 */
@Internal
public final class FlinkConfDir {

    public static final String CONFIG_FILE = "config.yaml";
    public static final String LOG4J_FILE = "log4j2.properties";

    /** Each process sets {@code -Dlog.file}, as Flink's scripts do; quiet libraries stay at WARN. */
    private static final String LOG4J = """
            rootLogger.level = INFO
            rootLogger.appenderRef.file.ref = file
            appender.file.type = File
            appender.file.name = file
            appender.file.fileName = ${sys:log.file}
            appender.file.append = true
            appender.file.layout.type = PatternLayout
            appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
            logger.hadoop.name = org.apache.hadoop
            logger.hadoop.level = WARN
            logger.kafka.name = org.apache.kafka
            logger.kafka.level = WARN
            logger.pekko.name = org.apache.pekko
            logger.pekko.level = WARN
            """;

    private FlinkConfDir() {}

    /** Writes both files into {@code dir} (created if needed); returns {@code dir}. */
    public static Path write(Path dir, Map<String, String> configuration) {
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(CONFIG_FILE), yaml(configuration), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve(LOG4J_FILE), LOG4J, StandardCharsets.UTF_8);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the Flink configuration to " + dir, e);
        }
    }

    /**
     * Flat {@code key: 'value'} lines, sorted. Every value is a single-quoted YAML string (a quote inside
     * is doubled), so no value is read as a YAML number, list or map; Flink converts strings to each
     * option's type itself.
     */
    static String yaml(Map<String, String> configuration) {
        StringBuilder yaml = new StringBuilder("# Written by the testkit's ProcessCluster.\n");
        new TreeMap<>(configuration)
                .forEach((key, value) -> yaml.append(key)
                        .append(": '")
                        .append(value.replace("'", "''"))
                        .append("'\n"));
        return yaml.toString();
    }
}
