package io.flinkstarters.config;

import java.time.Duration;
import org.apache.flink.annotation.PublicEvolving;

/** Durations the way HOCON users write them: {@code 11m}, {@code 90s}, {@code 1500ms}. */
@PublicEvolving
public final class DurationFormat {

    private DurationFormat() {}

    public static String of(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
