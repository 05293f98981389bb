package io.flinkstarters.testkit.network;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Property;

/** Log lines of the loggers under a prefix, kept in memory so a test can show what a component said. */
final class CapturedLogs extends AbstractAppender implements AutoCloseable {

    private final String loggerPrefix;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private CapturedLogs(String loggerPrefix) {
        super("captured-" + loggerPrefix, null, null, true, Property.EMPTY_ARRAY);
        this.loggerPrefix = loggerPrefix;
    }

    /** Captures {@code level} and above from the loggers whose name starts with {@code loggerPrefix}. */
    static CapturedLogs capture(String loggerPrefix, Level level) {
        CapturedLogs capture = new CapturedLogs(loggerPrefix);
        capture.start();
        LoggerContext context = LoggerContext.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.addAppender(capture);
        configuration.getRootLogger().addAppender(capture, level, null);
        context.updateLoggers();
        return capture;
    }

    @Override
    public void append(LogEvent event) {
        if (event.getLoggerName().startsWith(loggerPrefix)) {
            Throwable thrown = event.getThrown();
            lines.add(event.getLevel() + " " + event.getLoggerName() + ": "
                    + event.getMessage().getFormattedMessage()
                    + (thrown == null ? "" : " [" + thrown + "]"));
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    /** The captured lines that contain {@code text}. */
    List<String> containing(String text) {
        return lines.stream().filter(line -> line.contains(text)).toList();
    }

    @Override
    public void close() {
        LoggerContext context = LoggerContext.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(getName());
        context.updateLoggers();
        stop();
    }
}
