package io.flinkstarters.health;

import java.io.Serializable;
import java.util.Locale;
import org.apache.flink.annotation.PublicEvolving;

/** What a plausible measurement of one metric type looks like: a value in [min, max], in one unit. */
@PublicEvolving
public record MetricRule(double min, double max, String unit) implements Serializable {

    public boolean inRange(double value) {
        return value >= min && value <= max;
    }

    /** Units are compared ignoring case: {@code BPM} and {@code bpm} mean the same. */
    public boolean acceptsUnit(String candidate) {
        return candidate != null && candidate.trim().toLowerCase(Locale.ROOT).equals(unit.toLowerCase(Locale.ROOT));
    }
}
