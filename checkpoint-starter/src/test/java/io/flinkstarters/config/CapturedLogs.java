package io.flinkstarters.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.Appender;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;

/**
 * Every log event of every logger while open, in place of the console (a corpus of hundreds of
 * configurations would otherwise print hundreds of summaries).
 */
public final class CapturedLogs implements AutoCloseable {

    private final List<String> lines = new ArrayList<>();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final LoggerConfig root = context.getConfiguration().getRootLogger();
    private final Map<String, Appender> replaced = root.getAppenders();
    private final Level level = root.getLevel();
    private final Appender capture = new AbstractAppender("corpus-capture", null, null, true, Property.EMPTY_ARRAY) {
        @Override
        public void append(LogEvent event) {
            synchronized (lines) {
                lines.add(event.getLevel() + " " + event.getLoggerName() + " "
                        + event.getMessage().getFormattedMessage()
                        + (event.getThrown() == null ? "" : " " + event.getThrown()));
            }
        }
    };

    public CapturedLogs() {
        capture.start();
        replaced.keySet().forEach(root::removeAppender);
        root.addAppender(capture, Level.ALL, null);
        root.setLevel(Level.INFO);
        context.updateLoggers();
    }

    /** What was logged since the last call. */
    public List<String> drain() {
        synchronized (lines) {
            List<String> drained = List.copyOf(lines);
            lines.clear();
            return drained;
        }
    }

    @Override
    public void close() {
        root.removeAppender(capture.getName());
        replaced.values().forEach(appender -> root.addAppender(appender, null, null));
        root.setLevel(level);
        context.updateLoggers();
        capture.stop();
    }
}
