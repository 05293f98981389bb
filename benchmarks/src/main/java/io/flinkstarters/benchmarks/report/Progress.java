package io.flinkstarters.benchmarks.report;

import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Progress lines on standard output: benchmarks run for minutes, and a silent one looks hung. */
public final class Progress {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Progress() {}

    public static void say(String format, Object... args) {
        System.out.println("[" + LocalTime.now().format(TIME) + "] " + String.format(Locale.ROOT, format, args));
        System.out.flush();
    }
}
